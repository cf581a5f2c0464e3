namespace Pipeline.Testing.Aws;

/// <summary>An IAM access key created inside moto (see <see cref="MotoServer.CreateUserAsync"/>); fake, valid only there.</summary>
public sealed record MotoAccessKey(string UserName, string AccessKeyId, string SecretAccessKey)
{
    public override string ToString() => $"MotoAccessKey {{ UserName = {UserName}, AccessKeyId = {AccessKeyId} }}";
}
