---
to: pyproject.toml
when: python && !pyprojectExists
---
[project]
name = <%= pyProjectName | json %>
version = "0.1.0"
requires-python = ">=3.11"
dependencies = []

[dependency-groups]
dev = ["pytest>=7", "ruff>=0.5", "mypy>=1.0"]

[tool.ruff]
line-length = 120

[tool.ruff.lint]
select = ["E", "F", "I", "UP", "B"]
ignore = ["E501"]

[tool.mypy]
strict = true
