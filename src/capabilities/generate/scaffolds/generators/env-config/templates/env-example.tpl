---
to: .env.example
---
# Every variable the app reads, validated at start-up by <%= files.loader %>.
# Copy to .env.<environment> and fill in. Never commit real values: only this file is tracked.
<% for variable in variables %>

# <%= variable.description %>
<% if variable.secret %>
# A secret: at least 32 characters, e.g. node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"
<% end %>
<%= variable.name %>=<%= variable.example %>
<% end %>
