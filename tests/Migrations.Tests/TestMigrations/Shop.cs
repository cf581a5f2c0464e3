using FluentMigrator;
using FluentMigrator.Postgres;

namespace Pipeline.Migrations.Tests.TestMigrations.Shop;

[Migration(1, "create customers")]
public sealed class CreateCustomers : Migration
{
    public override void Up() => Create.Table("customers")
        .WithColumn("id").AsInt64().PrimaryKey().Identity()
        .WithColumn("name").AsString(200).NotNullable();

    public override void Down() => Delete.Table("customers");
}

[Migration(2, "create orders")]
public sealed class CreateOrders : Migration
{
    public override void Up() => Create.Table("orders")
        .WithColumn("id").AsInt64().PrimaryKey().Identity()
        .WithColumn("customer_id").AsInt64().NotNullable().ForeignKey("fk_orders_customers", "customers", "id")
        .WithColumn("total").AsDecimal(12, 2).NotNullable().WithDefaultValue(0);

    public override void Down() => Delete.Table("orders");
}

[Migration(3, "add customer email")]
public sealed class AddCustomerEmail : Migration
{
    public override void Up() => Alter.Table("customers").AddColumn("email").AsString(320).Nullable();

    public override void Down() => Delete.Column("email").FromTable("customers");
}

/// <summary>CREATE INDEX CONCURRENTLY cannot run inside a transaction: the escape hatch.</summary>
[Migration(4, TransactionBehavior.None, "index customer email")]
public sealed class IndexCustomerEmail : Migration
{
    public override void Up()
    {
        IfDatabase("Postgres").Create.Index("ix_customers_email").OnTable("customers").OnColumn("email").Ascending().WithOptions().AsConcurrently();
        IfDatabase("SQLite").Create.Index("ix_customers_email").OnTable("customers").OnColumn("email").Ascending();
    }

    public override void Down() => Delete.Index("ix_customers_email").OnTable("customers");
}

[Migration(5, "seed order statuses")]
public sealed class SeedOrderStatuses : Migration
{
    public override void Up()
    {
        Create.Table("order_statuses").WithColumn("code").AsString(20).PrimaryKey();
        Insert.IntoTable("order_statuses").Row(new { code = "new" }).Row(new { code = "paid" });
    }

    public override void Down() => Delete.Table("order_statuses");
}
