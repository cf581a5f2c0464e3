using System.Reflection;
using System.Text.Json;
using Pipeline.Aws.Ecr;
using Pipeline.Aws.Tests.Conformance;

namespace Pipeline.Aws.Tests;

/// <summary>Our ECR request and response JSON against the official model: member names, required members, enums, kinds.</summary>
public sealed class EcrModelConformanceTests
{
    private static readonly JsonSerializerOptions Options = EcrJsonContext.Default.Options;

    public static TheoryData<string, Type, Type> Operations => new()
    {
        { "GetAuthorizationToken", typeof(GetAuthorizationTokenRequest), typeof(GetAuthorizationTokenResponse) },
        { "DescribeRepositories", typeof(DescribeRepositoriesRequest), typeof(DescribeRepositoriesResponse) },
        { "CreateRepository", typeof(CreateRepositoryRequest), typeof(CreateRepositoryResponse) },
        { "DescribeImages", typeof(DescribeImagesRequest), typeof(DescribeImagesResponse) },
    };

    private static ServiceModel Model => LazyModel.Value;

    private static readonly Lazy<ServiceModel> LazyModel = new(() => ServiceModel.Load(ModelFiles.PathOf(ModelFiles.Ecr)));

    [Fact]
    public void Serialized_requests_use_model_names_required_members_and_enums()
    {
        var requests = new (string Operation, object Request)[]
        {
            ("GetAuthorizationToken", new GetAuthorizationTokenRequest()),
            ("GetAuthorizationToken", new GetAuthorizationTokenRequest { RegistryIds = ["123456789012"] }),
            ("DescribeRepositories", new DescribeRepositoriesRequest { RepositoryNames = ["app"], RegistryId = "123456789012", MaxResults = 10, NextToken = "t" }),
            ("CreateRepository", new CreateRepositoryRequest
            {
                RepositoryName = "app",
                ImageTagMutability = ImageTagMutability.Immutable,
                ImageScanningConfiguration = new ImageScanningConfiguration { ScanOnPush = true },
                EncryptionConfiguration = new EncryptionConfiguration { EncryptionType = "KMS", KmsKey = "arn:aws:kms:eu-west-1:123456789012:key/x" },
                Tags = [new Tag("team", "delivery")],
            }),
            ("CreateRepository", new CreateRepositoryRequest { RepositoryName = "app", ImageTagMutability = ImageTagMutability.Mutable }),
            ("DescribeImages", new DescribeImagesRequest
            {
                RepositoryName = "app",
                ImageIds = [ImageIdentifier.ByTag("1.2.3"), ImageIdentifier.ByDigest("sha256:" + new string('a', 64))],
                Filter = new DescribeImagesFilter { TagStatus = "TAGGED" },
            }),
        };

        foreach (var (operation, request) in requests)
        {
            var json = JsonSerializer.SerializeToElement(request, request.GetType(), Options);
            var problems = ModelConformance.CheckJson(Model, Model.InputShape(operation), json);
            Assert.True(problems.Count == 0, $"{operation} {json}: {string.Join("; ", problems)}");
        }
    }

    [Fact]
    public void Create_repository_request_has_the_exact_model_names()
    {
        var json = JsonSerializer.Serialize(
            new CreateRepositoryRequest
            {
                RepositoryName = "app",
                ImageTagMutability = ImageTagMutability.Immutable,
                ImageScanningConfiguration = new ImageScanningConfiguration { ScanOnPush = true },
                Tags = [new Tag("k", "v")],
            },
            Options);

        Assert.Equal(
            """{"repositoryName":"app","tags":[{"Key":"k","Value":"v"}],"imageTagMutability":"IMMUTABLE","imageScanningConfiguration":{"scanOnPush":true}}""",
            json);
    }

    [Fact]
    public void Mutability_constants_are_model_enum_values()
    {
        var values = typeof(ImageTagMutability).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!);

        Assert.All(values, v => Assert.Contains(v, Model.Enum("ImageTagMutability")));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void A_full_model_response_deserializes_into_every_member(string operation, Type request, Type response)
    {
        _ = request;
        var sample = ModelConformance.SampleJson(Model, Model.OutputShape(operation))!.ToJsonString();

        var parsed = JsonSerializer.Deserialize(sample, response, Options)!;
        var empty = NullMembers(parsed, response.Name);

        Assert.True(empty.Count == 0, $"not read from the model-shaped sample {sample}: {string.Join(", ", empty)}");
        var roundTrip = JsonSerializer.SerializeToElement(parsed, response, Options);
        var problems = ModelConformance.CheckJson(Model, Model.OutputShape(operation), roundTrip);
        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    [Fact]
    public void Authorization_data_from_a_model_response_decodes_to_user_and_password()
    {
        var sample = ModelConformance.SampleJson(Model, Model.OutputShape("GetAuthorizationToken"))!.ToJsonString();
        var response = JsonSerializer.Deserialize(sample, EcrJsonContext.Default.GetAuthorizationTokenResponse)!;

        var credentials = EcrClient.Decode(response.AuthorizationData[0]);

        Assert.Equal("AWS", credentials.Username);
        Assert.Equal("sample-password", credentials.Password);
        Assert.Equal("sample.example.com", credentials.Registry);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 250, TimeSpan.Zero), credentials.ExpiresAt);
        Assert.DoesNotContain("sample-password", credentials.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Public properties (recursively through records and first list items) still null after deserializing; extension data aside.</summary>
    private static List<string> NullMembers(object value, string path)
    {
        var nulls = new List<string>();
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            // Extension data holds only what the client does not type: null when the model's members are all typed.
            if (property.DeclaringType != value.GetType() || property.Name == "EqualityContract" || property.IsDefined(typeof(System.Text.Json.Serialization.JsonExtensionDataAttribute), inherit: false))
            {
                continue;
            }

            var member = property.GetValue(value);
            var memberPath = $"{path}.{property.Name}";
            switch (member)
            {
                case null:
                    nulls.Add(memberPath);
                    break;
                case string or ValueType:
                    break;
                case System.Collections.IEnumerable items:
                    var first = items.Cast<object?>().FirstOrDefault();
                    if (first is null)
                    {
                        nulls.Add(memberPath + "[0]");
                    }
                    else if (first is not string and not ValueType)
                    {
                        nulls.AddRange(NullMembers(first, memberPath + "[0]"));
                    }

                    break;
                default:
                    nulls.AddRange(NullMembers(member, memberPath));
                    break;
            }
        }

        return nulls;
    }
}
