using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.Protocol;
using Pipeline.Ecs.Local.State;

namespace Pipeline.Ecs.Local.Operations;

/// <summary>CreateCluster, DescribeClusters.</summary>
internal sealed class ClusterOperations(EcsStore store, Arns arns)
{
    public JsonObject CreateCluster(EcsRequest request)
    {
        var name = request.String("clusterName") is { Length: > 0 } n ? n : "default";
        if (name.Length > 255 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw EcsException.InvalidParameter("Cluster name can have up to 255 characters: letters, numbers, hyphens and underscores.");
        }

        var tags = request.Read<List<Tag>>("tags") ?? [];
        return store.Write(d =>
        {
            if (!d.Clusters.TryGetValue(name, out var cluster) || cluster.Status != "ACTIVE")
            {
                cluster = new ClusterState { Name = name, Arn = arns.Cluster(name), Tags = tags };
                d.Clusters[name] = cluster;
            }

            return new JsonObject { ["cluster"] = Views.Cluster(d, cluster, tags: true) };
        });
    }

    public JsonObject DescribeClusters(EcsRequest request)
    {
        var names = request.Strings("clusters") is { Count: > 0 } given ? given : ["default"];
        var tags = request.Strings("include")?.Contains("TAGS") == true;
        return store.Read(d =>
        {
            var found = new JsonArray();
            var failures = new JsonArray();
            foreach (var name in names)
            {
                if (d.Clusters.TryGetValue(Arns.NameOf(name), out var cluster))
                {
                    found.Add(Views.Cluster(d, cluster, tags));
                }
                else
                {
                    failures.Add(Views.Failure(name.StartsWith("arn:", StringComparison.Ordinal) ? name : arns.Cluster(name), "MISSING"));
                }
            }

            return new JsonObject { ["clusters"] = found, ["failures"] = failures };
        });
    }
}
