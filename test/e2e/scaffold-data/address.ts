export interface Address {
  street: string
  city: string
  country: string
  postcode?: string
}
