namespace Pipeline.Deploy.Lambda.Tests;

/// <summary>A version's description names its version label, image digest and commit, and reads back.</summary>
public sealed class VersionDescriptionTests
{
    [Fact]
    public void It_names_version_digest_and_commit_and_reads_back()
    {
        var description = new VersionDescription("1.4.0-alpha.0.12", "sha256:" + new string('a', 64), "abc1234");

        var text = description.Format();

        Assert.Equal($"pipeline: 1.4.0-alpha.0.12 sha256:{new string('a', 64)} commit abc1234", text);
        Assert.Equal(description, VersionDescription.Parse(text));
        Assert.Equal(new VersionDescription("1.0.0", null, null), VersionDescription.Parse(new VersionDescription("1.0.0", null, null).Format()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("published by hand")]
    [InlineData("pipeline: 1.0.0")]
    public void A_version_pipeline_did_not_publish_has_none(string? text) => Assert.Null(VersionDescription.Parse(text));

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:api:7", "7")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:api:live", null)]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:api", null)]
    [InlineData("127.0.0.1:5000/api@sha256:1234", null)]
    public void A_release_source_names_a_version_only_as_a_qualified_arn(string source, string? version) =>
        Assert.Equal(version, FunctionVersions.VersionOf(source));
}
