"""Output formats: the same results as a terminal table, the JSON contract, 「存在的问题」, a workbook, ….

Each format is a plugin (``interface.ReportFormat``) registered in the ``auditor.formats``
entry-point group; ``registry`` finds them.
"""
