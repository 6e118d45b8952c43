-- does: every refusal of the scanner, in line order and, within a line, column order.
-- reads: {errors} (formatted in: the scan's rejects table, _idb_errors or _idb_rescan_errors)
-- writes: nothing
SELECT line, line_byte_position, column_name, CAST(error_type AS VARCHAR), error_message, csv_line
FROM {errors}
ORDER BY line, column_idx
