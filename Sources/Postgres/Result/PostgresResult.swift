/// The rows and counts one command produced, copied out of libpq.
public struct PostgresResult: Sendable {
    /// Column names in select order.
    public let columns: [String]
    public let rows: [PostgresRow]
    /// Rows inserted, updated, deleted or selected, from `PQcmdTuples` (0 for other commands).
    public let affectedRows: Int
    /// The command tag, e.g. `INSERT 0 1`, `UPDATE 3`, `SELECT 2`.
    public let commandTag: String

    init(_ snapshot: LibPQResultSnapshot) {
        let index = ColumnIndex(snapshot.columns)
        columns = snapshot.columns
        rows = snapshot.rows.map { PostgresRow(index: index, values: $0) }
        affectedRows = snapshot.affectedRows
        commandTag = snapshot.commandTag
    }

    /// The first row, if any: the common case of a lookup by key.
    public var first: PostgresRow? { rows.first }
}

/// Column name → position, shared by every row of one result.
final class ColumnIndex: Sendable {
    let names: [String]
    private let positions: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        // The first column of a given name wins, as in `SELECT a.id, b.id`.
        for (position, name) in names.enumerated() where positions[name] == nil {
            positions[name] = position
        }
        self.positions = positions
    }

    func position(of name: String) -> Int? { positions[name] }
}

/// One row of a result. Cells are looked up by column name or position.
public struct PostgresRow: Sendable {
    let index: ColumnIndex
    let values: [String?]

    /// The cell of column `column`; a name not in the result gives a cell that is
    /// null and whose `decode` throws `.decoding` naming the column.
    public subscript(_ column: String) -> PostgresCell {
        guard let position = index.position(of: column) else {
            return PostgresCell(column: column, text: nil, isMissing: true)
        }
        return PostgresCell(column: column, text: values[position], isMissing: false)
    }

    /// The cell at `position` (0-based); out of range behaves like a missing column.
    public subscript(_ position: Int) -> PostgresCell {
        guard values.indices.contains(position) else {
            return PostgresCell(column: "#\(position)", text: nil, isMissing: true)
        }
        return PostgresCell(column: index.names[position], text: values[position], isMissing: false)
    }

    /// Column names in order.
    public var columns: [String] { index.names }
}
