---
to: <%= files.index %>
when: barrel
---
export { <%= name %>, type <%= name %>Props } from '<%= imports.component %>'
