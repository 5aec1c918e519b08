---
to: <%= files.stylesTypes %>
when: cssModule
---
/** Class names of <%= name %>.module.css, exactly, for TypeScript (beside it, so it wins over a wildcard declaration). */
declare const styles: {
  readonly root: string
  readonly title: string
  readonly text: string
  readonly action: string
}
export default styles
