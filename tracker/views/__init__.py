"""The shell of the server-rendered pages (home, notifications) and the helpers every
app's pages share. Views are thin: a scoped read, a form, a service call."""
