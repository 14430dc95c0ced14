"""Research data: the Correlates of War (COW) reference data and import, the COW-layout year tables, and
the Frictionless data package.

- `cow.py`: COW's reference files (IGOs, the state system, the crosswalk to members) and the file reader;
- `cow_import.py`: importing COW IGO v3's state-year file as year-precision spells;
- `year_tables.py`: what a year table asks for (`YearTable`, `year_table`), and its rows and columns;
- `year_table_files.py`: how a year table is written (CSV, streamed) and described (its Frictionless
  resource descriptor);
- `datapackage.py`: the bulk download of every table as one zip.
"""
