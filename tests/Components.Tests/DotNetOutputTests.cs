namespace Pipeline.Components.Tests;

public sealed class DotNetOutputTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Build succeeded.")]
    [InlineData("    0 Warning(s)")]
    [InlineData("    0 Error(s)")]
    [InlineData("Time Elapsed 00:00:56.45")]
    public void The_success_summary_is_noise(string line) => Assert.True(DotNetOutput.IsSuccessNoise(line));

    [Theory]
    [InlineData("  Pipeline.Engine -> /repo/src/Engine/bin/Release/net10.0/Pipeline.Engine.dll")]
    [InlineData("/repo/src/X.cs(3,1): error CS1002: ; expected [/repo/src/X.csproj]")]
    [InlineData("/repo/src/X.cs(3,1): warning CA1000: ... [/repo/src/X.csproj]")]
    [InlineData("Build FAILED.")]
    [InlineData("    2 Warning(s)")]
    [InlineData("    1 Error(s)")]
    [InlineData("  Restored /repo/src/Engine/Pipeline.Engine.csproj (in 83 ms).")]
    public void Projects_errors_warnings_and_failures_always_show(string line) => Assert.False(DotNetOutput.IsSuccessNoise(line));
}
