using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Deploy;

/// <summary>
/// The stages of a deployment, named and ordered as Amazon ECS's <c>ServiceDeploymentLifecycleStage</c>, so that logs,
/// summaries and records read the same on a laptop and in AWS. <see cref="Rollback"/> is Pipeline's own entry for the
/// rollback work (ECS reports it as the <c>ROLLBACK_IN_PROGRESS</c> status rather than a stage).
/// </summary>
[JsonConverter(typeof(DeploymentStageJsonConverter))]
public enum DeploymentStage
{
    ReconcileService,
    PreScaleUp,
    ScaleUp,
    PostScaleUp,
    TestTrafficShift,
    PostTestTrafficShift,
    ProductionTrafficShift,
    PostProductionTrafficShift,
    BakeTime,
    CleanUp,
    Rollback,
}

/// <summary>ECS spelling of <see cref="DeploymentStage"/>.</summary>
public static class DeploymentStages
{
    /// <summary>"SCALE_UP", "POST_TEST_TRAFFIC_SHIFT", ... as in the ECS API.</summary>
    public static string ToEcsName(this DeploymentStage stage) => stage switch
    {
        DeploymentStage.ReconcileService => "RECONCILE_SERVICE",
        DeploymentStage.PreScaleUp => "PRE_SCALE_UP",
        DeploymentStage.ScaleUp => "SCALE_UP",
        DeploymentStage.PostScaleUp => "POST_SCALE_UP",
        DeploymentStage.TestTrafficShift => "TEST_TRAFFIC_SHIFT",
        DeploymentStage.PostTestTrafficShift => "POST_TEST_TRAFFIC_SHIFT",
        DeploymentStage.ProductionTrafficShift => "PRODUCTION_TRAFFIC_SHIFT",
        DeploymentStage.PostProductionTrafficShift => "POST_PRODUCTION_TRAFFIC_SHIFT",
        DeploymentStage.BakeTime => "BAKE_TIME",
        DeploymentStage.CleanUp => "CLEAN_UP",
        DeploymentStage.Rollback => "ROLLBACK",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    /// <summary>Parses an ECS stage name (as <c>DescribeServiceDeployments</c> reports it); null when unknown.</summary>
    public static DeploymentStage? FromEcsName(string? name) =>
        Enum.GetValues<DeploymentStage>().Cast<DeploymentStage?>().FirstOrDefault(s => s!.Value.ToEcsName() == name);
}

internal sealed class DeploymentStageJsonConverter : JsonConverter<DeploymentStage>
{
    public override DeploymentStage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return DeploymentStages.FromEcsName(text) ?? throw new JsonException($"unknown deployment stage '{text}'");
    }

    public override void Write(Utf8JsonWriter writer, DeploymentStage value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToEcsName());
}
