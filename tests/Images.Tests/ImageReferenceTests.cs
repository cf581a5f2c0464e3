namespace Pipeline.Images.Tests;

public sealed class ImageReferenceTests
{
    private const string Digest = "sha256:ae5c85ccbc778f13c1fd053d4f9b00c24ee1130c89b7e6fb8764947377a420d1";

    [Theory]
    [InlineData("api", null, "api", null, null)]
    [InlineData("team/api:1.0", null, "team/api", "1.0", null)]
    [InlineData("127.0.0.1:5000/team/api:sha-abc", "127.0.0.1:5000", "team/api", "sha-abc", null)]
    [InlineData("localhost/api", "localhost", "api", null, null)]
    [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com/sample-api:main", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "sample-api", "main", null)]
    [InlineData("registry.example.com/a/b__c/d-e:v1@" + Digest, "registry.example.com", "a/b__c/d-e", "v1", Digest)]
    [InlineData("api@" + Digest, null, "api", null, Digest)]
    public void Parses_valid_references(string text, string? registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);

        Assert.Equal(new ImageReference(registry, repository, tag, digest), reference);
        Assert.Equal(text, reference.ToString());
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("Team/Api:1", "must be lowercase")]
    [InlineData("api:-bad", "tag '-bad'")]
    [InlineData("api@sha256:123", "digest 'sha256:123'")]
    [InlineData("my api", "contains whitespace")]
    [InlineData("registry.example.com/", "repository name is missing")]
    [InlineData("team//api", "path component ''")]
    [InlineData("team/api-", "path component 'api-'")]
    public void Rejects_invalid_references_in_one_line(string text, string expected)
    {
        var error = Assert.Throws<InvalidImageReferenceException>(() => ImageReference.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Docker_hub_names_map_to_library()
    {
        Assert.Equal("library/debian", ImageReference.Parse("debian:bookworm").RepositoryPath);
        Assert.Equal("registry-1.docker.io", ImageReference.Parse("debian").RegistryHost);
        Assert.Equal("team/api", ImageReference.Parse("team/api").RepositoryPath);
    }

    [Fact]
    public void With_tag_validates()
    {
        var reference = ImageReference.Parse("127.0.0.1:5000/api");

        Assert.Equal("127.0.0.1:5000/api:1.2.3", reference.WithTag("1.2.3").ToString());
        Assert.Throws<InvalidImageReferenceException>(() => reference.WithTag("feature/x"));
    }
}
