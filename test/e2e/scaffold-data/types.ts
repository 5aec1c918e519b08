// Types a project might already have: fixtures are made for Post, with its imports resolved.
import type { Address } from './address.js'

export type Platform = 'twitter' | 'linkedin' | 'mastodon'

export enum Visibility {
  Public = 'public',
  Followers = 'followers',
  Private = 'private',
}

export interface Author {
  id: number
  /** @format email */
  email: string
  displayName: string
  avatarUrl?: string
  address: Address
}

export interface Comment {
  id: string
  body: string
  createdAt: Date
  replies?: Comment[]
}

export interface Post {
  /** @minimum 1 */
  id: number
  /** @format uuid */
  externalId: string
  title: string
  /** @maxLength 280 */
  content: string
  platforms: Platform[]
  visibility: Visibility
  status: 'draft' | 'scheduled' | 'posted' | 'failed'
  /** @minimum 0 @maximum 5 */
  rating: number
  tags: string[]
  author: Author
  comments: Comment[]
  metrics: Record<string, number>
  pinned: boolean
  scheduledAt: Date | null
  publishedAt?: Date
  location: [number, number]
}
