"""Server-rendered pages. Views are thin: a scoped read, a form, a service call."""
