namespace Pipeline.Aws.Ecr;

/// <summary>Whether ECR scans each image when it is pushed.</summary>
public sealed record ImageScanningConfiguration
{
    public bool? ScanOnPush { get; init; }
}
