using FluentMigrator;

namespace Pipeline.Migrations.Tests.TestMigrations.Guard
{
    /// <summary>The schema the running (blue) version uses.</summary>
    public abstract class CreatePeopleBase : Migration
    {
        public override void Up()
        {
            Create.Table("people")
                .WithColumn("id").AsInt64().PrimaryKey()
                .WithColumn("name").AsString(200).NotNullable()
                .WithColumn("nickname").AsString(50).Nullable()
                .WithColumn("age").AsInt32().Nullable()
                .WithColumn("score").AsInt64().Nullable()
                .WithColumn("code").AsString(20).Nullable();
            Create.Table("pets").WithColumn("id").AsInt64().PrimaryKey();
            Create.Table("legacy").WithColumn("id").AsInt64().PrimaryKey();
        }

        public override void Down()
        {
            Delete.Table("legacy");
            Delete.Table("pets");
            Delete.Table("people");
        }
    }
}

namespace Pipeline.Migrations.Tests.TestMigrations.Guard.Destructive
{
    using Pipeline.Migrations.Tests.TestMigrations.Guard;

    [Migration(1)]
    public sealed class CreatePeople : CreatePeopleBase;

    [Migration(2)]
    public sealed class DropLegacy : ForwardOnly
    {
        public override void Up() => Delete.Table("legacy");
    }

    [Migration(3)]
    public sealed class DropNickname : ForwardOnly
    {
        public override void Up() => Delete.Column("nickname").FromTable("people");
    }

    [Migration(4)]
    public sealed class RenamePets : AutoReversingMigration
    {
        public override void Up() => Rename.Table("pets").To("animals");
    }

    [Migration(5)]
    public sealed class RenameName : AutoReversingMigration
    {
        public override void Up() => Rename.Column("name").OnTable("people").To("full_name");
    }

    [Migration(6)]
    public sealed class AddRequiredCity : ForwardOnly
    {
        public override void Up() => Alter.Table("people").AddColumn("city").AsString(100).NotNullable();
    }

    [Migration(7)]
    public sealed class RequireAge : ForwardOnly
    {
        public override void Up() => Alter.Column("age").OnTable("people").AsInt32().NotNullable();
    }

    [Migration(8)]
    public sealed class NarrowCode : ForwardOnly
    {
        public override void Up() => Alter.Column("code").OnTable("people").AsString(5).Nullable();
    }

    [Migration(9)]
    public sealed class NarrowScore : ForwardOnly
    {
        public override void Up() => Alter.Column("score").OnTable("people").AsInt32().Nullable();
    }

    [Migration(10, BreakingChange = true)]
    public sealed class MarkedBreaking : ForwardOnly
    {
        public override void Up() => Create.Table("audit").WithColumn("id").AsInt64().PrimaryKey();
    }

    public abstract class ForwardOnly : Migration
    {
        public override void Down()
        {
        }
    }
}

namespace Pipeline.Migrations.Tests.TestMigrations.Guard.Additive
{
    using Pipeline.Migrations.Tests.TestMigrations.Guard;

    [Migration(1)]
    public sealed class CreatePeople : CreatePeopleBase;

    [Migration(2)]
    public sealed class AddEmail : AutoReversingMigration
    {
        public override void Up() => Alter.Table("people").AddColumn("email").AsString(320).Nullable();
    }

    [Migration(3)]
    public sealed class AddCountryWithDefault : AutoReversingMigration
    {
        public override void Up() => Alter.Table("people").AddColumn("country").AsString(2).NotNullable().WithDefaultValue("NL");
    }

    [Migration(4)]
    public sealed class CreateAddresses : Migration
    {
        public override void Up()
        {
            Create.Table("addresses").WithColumn("id").AsInt64().PrimaryKey().WithColumn("person_id").AsInt64().NotNullable();
            Alter.Table("addresses").AddColumn("street").AsString(200).NotNullable();
            Create.Index("ix_addresses_person").OnTable("addresses").OnColumn("person_id");
        }

        public override void Down() => Delete.Table("addresses");
    }

    [Migration(5)]
    public sealed class WidenCode : Migration
    {
        public override void Up() => Alter.Column("code").OnTable("people").AsString(100).Nullable();

        public override void Down()
        {
        }
    }

    [Migration(6)]
    public sealed class WidenAge : Migration
    {
        public override void Up() => Alter.Column("age").OnTable("people").AsInt64().Nullable();

        public override void Down()
        {
        }
    }

    [Migration(7)]
    public sealed class RelaxName : Migration
    {
        public override void Up() => Alter.Column("name").OnTable("people").AsString(200).Nullable();

        public override void Down()
        {
        }
    }
}
