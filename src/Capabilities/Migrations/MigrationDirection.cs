namespace Pipeline.Migrations;

public enum MigrationDirection
{
    Up,
    Down,
}
