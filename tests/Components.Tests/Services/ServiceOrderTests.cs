using Pipeline.Components.Services;

namespace Pipeline.Components.Tests.Services;

/// <summary>The declared services are checked as a whole before anything runs, each mistake in one line; Deploy takes them in order.</summary>
public sealed class ServiceOrderTests
{
    private static ServiceDeclaration Service(string name, params string[] after) => new(name) { DeploysAfter = after };

    [Fact]
    public void Services_deploy_after_the_ones_they_name_otherwise_in_declaration_order()
    {
        IReadOnlyList<ServiceDeclaration> services = [Service("web", "api"), Service("api", "worker"), Service("worker"), Service("docs")];

        Assert.Null(ServiceOrder.Validate(services));
        Assert.Equal(["worker", "api", "web", "docs"], ServiceOrder.DeployOrder(services).Select(s => s.Name));
        Assert.Equal(["worker", "web"], ServiceOrder.DeployOrder(services, ["web", "worker"]).Select(s => s.Name));
    }

    [Theory]
    [InlineData("a>b,b>c,c>a", "services deploy after each other in a cycle: a → b → c → a; break it in DeploysAfter")]
    [InlineData("a>missing", "service 'a' deploys after 'missing', which is not declared: the build declares a")]
    [InlineData("a>a", "service 'a' deploys after itself: remove 'a' from its DeploysAfter")]
    [InlineData("a,a", "service 'a' is declared 2 times: give each its own name")]
    [InlineData("Worker", "service name 'Worker' is invalid: use lower-case letters, digits and dashes (e.g. worker, api-2)")]
    [InlineData("", "the build declares no services: add at least one to Services in the build class")]
    public void A_wrong_declaration_is_one_line_saying_what_to_change(string declaration, string expected)
    {
        var services = declaration.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split('>'))
            .Select(parts => Service(parts[0], parts[1..]))
            .ToList();

        var error = ServiceOrder.Validate(services);

        Assert.Equal(expected, error);
        Assert.DoesNotContain('\n', error!);
    }

    [Fact]
    public void Commands_and_migrations_read_as_the_command_lines_they_run()
    {
        ServiceCommand lint = "flake8 .";
        ServiceMigrations migrations = "alembic upgrade head";

        Assert.Equal("flake8", lint.Program);
        Assert.Equal(["."], lint.Arguments);
        Assert.Equal(["alembic", "upgrade", "head"], migrations.Command!);
        Assert.Null(migrations.Assembly);
        Assert.Equal("python3 -m pytest", new ServiceCommand("python3", "-m", "pytest").ToString());
        Assert.Throws<ArgumentException>(() => ServiceCommand.Parse("   "));
    }
}
