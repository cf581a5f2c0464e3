namespace Pipeline.Deploy.Lambda.Tests;

/// <summary>Settings mistakes are one line naming the environment and the setting.</summary>
public sealed class LambdaPlatformSettingsTests
{
    private static readonly LambdaPlatformSettings Valid = new() { FunctionName = "api", Region = "eu-west-1" };

    [Fact]
    public void Valid_settings_have_no_problem() => Assert.Null(Valid.Validate("production"));

    [Theory]
    [InlineData("alias", "the alias '7' must be a name")]
    [InlineData("region", "the region is empty")]
    [InlineData("period", "is not a CloudWatch period")]
    [InlineData("readiness", "must start with '/'")]
    [InlineData("role", "is not a role ARN")]
    public void A_wrong_setting_is_named(string wrong, string expected)
    {
        var settings = wrong switch
        {
            "alias" => Valid with { Alias = "7" },
            "region" => Valid with { Region = " " },
            "period" => Valid with { MetricsPeriod = TimeSpan.FromSeconds(90) },
            "readiness" => Valid with { ReadinessPath = "health" },
            _ => Valid with { CreateIfMissing = new LambdaFunctionBootstrap { ExecutionRole = "lambda-role" } },
        };

        var problem = settings.Validate("staging");

        Assert.NotNull(problem);
        Assert.StartsWith("Lambda environment 'staging': ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void It_deploys_a_pushed_image_and_builds_nothing_here()
    {
        Assert.Equal("lambda", Valid.Platform);
        Assert.Equal(Environments.DeployInputs.None, Valid.Inputs);
    }
}
