---
to: <%= files.styles %>
when: cssModule
---
/* <%= name %>: mobile first; wider layouts from 640px and 1024px. */
.root {
  display: flex;
  flex-direction: column;
  gap: 0.5rem;
  padding: 1rem;
  border-radius: 0.75rem;
  border: 1px solid rgb(0 0 0 / 0.1);
}

.title {
  margin: 0;
  font-size: 1.125rem;
  font-weight: 600;
}

.text {
  margin: 0;
  line-height: 1.5;
}

.action {
  align-self: flex-start;
}
<% if responsive %>

@media (min-width: 640px) {
  .root {
    padding: 1.5rem;
  }
}

@media (min-width: 1024px) {
  .root {
    flex-direction: row;
    align-items: center;
  }
}
<% end %>
