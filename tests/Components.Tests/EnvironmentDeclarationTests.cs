using Pipeline.Components.Environments;
using Pipeline.Deploy.Process;
using Pipeline.GitHub.Environments;
using Pipeline.Workflows.Definition;

namespace Pipeline.Components.Tests;

/// <summary>A declaration that GitHub or the platforms would refuse is one line naming the environment.</summary>
public sealed class EnvironmentDeclarationTests
{
    [Theory]
    [InlineData("Prod", "environment name 'Prod' is invalid")]
    [InlineData("-x", "environment name '-x' is invalid")]
    public void Names_are_lower_case_letters_digits_and_dashes(string name, string expected) =>
        Assert.StartsWith(expected, new EnvironmentDeclaration(name, null).Validate(), StringComparison.Ordinal);

    [Fact]
    public void Promotion_starts_at_one() =>
        Assert.Equal("environment 'dev': promotion 0 must be 1 or more (1 deploys first)", new EnvironmentDeclaration("dev", null) { Promotion = 0 }.Validate());

    [Fact]
    public void A_push_trigger_needs_a_branch_and_a_promotion_order()
    {
        Assert.Equal(
            "environment 'dev': DeployTrigger.OnPush names no branch; name at least one, or use DeployTrigger.Manual",
            new EnvironmentDeclaration("dev", null) { Promotion = 1, DeployOn = DeployTrigger.OnPush() }.Validate());
        Assert.Equal(
            "environment 'dev': it deploys on push to develop but has no promotion order; give it Promotion = 1 (or more)",
            new EnvironmentDeclaration("dev", null) { DeployOn = DeployTrigger.OnPush("develop") }.Validate());
        Assert.Null(new EnvironmentDeclaration("production", null) { DeployOn = DeployTrigger.Manual }.Validate());
    }

    [Fact]
    public void GitHub_allows_six_reviewers_and_a_wait_timer_up_to_thirty_days()
    {
        var reviewers = new EnvironmentDeclaration("prod", null) { GitHub = new GitHubEnvironmentSettings { Reviewers = ["a", "b", "c", "d", "e", "f", "g"] } };
        var wait = new EnvironmentDeclaration("prod", null) { GitHub = new GitHubEnvironmentSettings { WaitTimer = TimeSpan.FromDays(31) } };

        Assert.Equal("environment 'prod': GitHub allows at most 6 required reviewers, 7 are declared", reviewers.Validate());
        Assert.Equal("environment 'prod': GitHub wait timer 44640 min is outside 0..43200 minutes", wait.Validate());
    }

    [Fact]
    public void The_platform_checks_its_own_settings_and_gives_the_url()
    {
        var clash = new EnvironmentDeclaration("local", new ProcessPlatformSettings { PublicPort = 5080, TestPort = 5080 });
        var valid = new EnvironmentDeclaration("local", new ProcessPlatformSettings { PublicPort = 5080, TestPort = 5081 });

        Assert.Equal("environment 'local': public and test port are both 5080; give each its own", clash.Validate());
        Assert.Null(valid.Validate());
        Assert.Equal(new Uri("http://127.0.0.1:5080/"), valid.EffectiveUrl);
        Assert.True(new EnvironmentDeclaration("prod", null) { GitHub = new GitHubEnvironmentSettings { Reviewers = ["octocat"] } }.GitHub!.RequiresApproval);
    }
}
