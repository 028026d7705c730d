"""The built-in templates (.docx), installed with docgen as the package docgen.templates;
rebuild them with `python -m docgen.render.template_builder`."""
