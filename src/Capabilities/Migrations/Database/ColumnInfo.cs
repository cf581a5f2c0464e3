namespace Pipeline.Migrations.Database;

/// <summary>An existing column, as the database describes it, for the expand/contract guard.</summary>
internal sealed record ColumnInfo(string Table, string Column, string DataType, int? MaxLength, bool IsNullable);
