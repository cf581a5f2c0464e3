namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>The test hook that loses answers reaches a detached local ECS through its command line.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Drop_first_response_survives_the_command_line_of_a_detached_server()
    {
        var options = new EcsLocalOptions { StateDirectory = "/tmp/state", AccessKey = "a", SecretKey = "s", DropFirstResponseOf = ["RunTask", "UpdateService"] };

        var (command, parsed) = Hosting.EcsLocalCommandLine.Parse(Hosting.EcsLocalCommandLine.ToArguments(options));

        Assert.Equal("serve", command);
        Assert.Equal(["RunTask", "UpdateService"], parsed.DropFirstResponseOf);
    }
}
