namespace Pipeline.Examples.IntegrationTests.Services;

/// <summary>An Alembic revision after the examples' first one that fails in PostgreSQL (the table does not exist).</summary>
public static class BrokenMigration
{
    public const string File = "0002_broken.py";

    public const string Text = """
        from alembic import op

        revision = "0002"
        down_revision = "0001"
        branch_labels = None
        depends_on = None


        def upgrade():
            op.execute("ALTER TABLE no_such_table ADD COLUMN x integer")


        def downgrade():
            pass
        """;
}
