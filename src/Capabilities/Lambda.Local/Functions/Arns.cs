namespace Pipeline.Lambda.Local.Functions;

/// <summary>The ARNs of this local Lambda's region and account.</summary>
internal sealed class Arns(string region, string account)
{
    public string Region { get; } = region;

    public string Account { get; } = account;

    public string Function(string name) => $"arn:aws:lambda:{Region}:{Account}:function:{name}";

    public string Qualified(string name, string qualifier) => $"{Function(name)}:{qualifier}";

    public string Alarm(string name) => $"arn:aws:cloudwatch:{Region}:{Account}:alarm:{name}";
}
