using FluentMigrator;

namespace Pipeline.Sample.Migrations;

/// <summary>The todos table the sample's resource lives in.</summary>
[Migration(202611220001, "Create the todos table")]
public sealed class M202611220001_CreateTodos : Migration
{
    public override void Up() =>
        Create.Table("todos")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("title").AsString(200).NotNullable()
            .WithColumn("done").AsBoolean().NotNullable().WithDefaultValue(false)
            .WithColumn("created_at").AsDateTime().NotNullable(); // UTC; FluentMigrator has no DateTimeOffset on SQLite

    public override void Down() => Delete.Table("todos");
}
