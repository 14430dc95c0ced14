"""The staff's admin: organisations, members, spells and sources, with history, two actions on spells
(record a status change, end spells) and import and export of spells as CSV or XLSX.

One module per concern: `organisations`, `members`, `memberships` (spells and sources), `filters`,
`actions`, `forms`, `imports` (the dry-run report); `base` holds what they share.
"""

from django.contrib import admin

from blocs.admin import members, memberships, organisations  # noqa: F401 (registers the model admins)

admin.site.site_header = "Bloc membership tracker"
admin.site.site_title = "Bloc membership admin"
admin.site.index_title = "Records"
# Lists of spells are wide (member, organisation, status, two dates, flags, sources): give them the page.
admin.site.enable_nav_sidebar = False
