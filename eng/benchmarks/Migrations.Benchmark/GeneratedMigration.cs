using FluentMigrator;

namespace Pipeline.Migrations.Benchmark.Generated;

/// <summary>A typical small migration: a table with a few columns, a foreign key to the previous one, an index.</summary>
public abstract class GeneratedMigration : Migration
{
    private int Number => int.Parse(GetType().Name[1..], System.Globalization.CultureInfo.InvariantCulture);

    public override void Up()
    {
        var table = $"t{Number:000}";
        var create = Create.Table(table)
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("name").AsString(200).NotNullable()
            .WithColumn("created").AsDateTime().NotNullable().WithDefault(SystemMethods.CurrentUTCDateTime);
        if (Number > 1)
        {
            create.WithColumn("parent_id").AsInt64().Nullable().ForeignKey($"fk_{table}_parent", $"t{Number - 1:000}", "id");
        }

        Create.Index($"ix_{table}_name").OnTable(table).OnColumn("name");
    }

    public override void Down() => Delete.Table($"t{Number:000}");
}
