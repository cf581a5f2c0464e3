#:project ../../src/Capabilities/Images/Pipeline.Images.csproj
// First push vs second push of an unchanged image, through Pipeline's ImagePusher. Run by push.sh, which starts the
// registry and passes: <registry host> <user> <password> <registry access log> <base image>.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Images;
using Pipeline.Images.Building;
using Pipeline.Images.Pushing;

var (host, user, password, accessLog, baseImage) = (args[0], args[1], args[2], args[3], args[4]);
var assets = Path.GetFullPath(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", "../../tests/Images.IntegrationTests/Assets/hello"));
var credentials = new RegistryCredentials(host, user, password);
using var docker = DockerConnection.Open();
using var registry = new RegistryClient();
var pusher = new ImagePusher(docker, registry, NullLogger.Instance);

var image = await new ImageBuilder(docker, NullLogger.Instance).BuildAsync(
    new ImageBuildRequest(assets, "pipeline-bench/hello")
    {
        BuildArgs = new Dictionary<string, string> { ["BASE_IMAGE"] = baseImage, ["GREETING_SUFFIX"] = "bench" },
        ExtraTags = ["bench"],
    },
    CancellationToken.None);
var target = ImageReference.Parse($"{host}/bench/hello:v1");

var first = await Measure("first push (empty registry)", () => pusher.PushAsync(image.Id, target, credentials, CancellationToken.None));
var second = await Measure("second push, same tag (Pipeline skips)", () => pusher.PushAsync(image.Id, target, credentials, CancellationToken.None));
var engine = await Measure("second push, new tag (engine pushes)", () => pusher.PushAsync(image.Id, target.WithTag("v1-again"), credentials, CancellationToken.None));

Console.WriteLine();
Console.WriteLine($"second push (skip)   : {second.Uploads} blob uploads, {second.Image.LayersPushed} layers pushed, {Percent(second.Elapsed, first.Elapsed)} of the first push's time");
Console.WriteLine($"second push (engine) : {engine.Uploads} blob uploads, {engine.Image.LayersPushed} layers pushed ({engine.Image.LayersExisting} 'Layer already exists'), {Percent(engine.Elapsed, first.Elapsed)} of the first push's time");

static string Percent(TimeSpan part, TimeSpan whole) => (part / whole).ToString("P1", CultureInfo.InvariantCulture);

async Task<(PushedImage Image, TimeSpan Elapsed, int Uploads)> Measure(string name, Func<Task<PushedImage>> push)
{
    var before = BlobUploads();
    var watch = Stopwatch.StartNew();
    var pushed = await push();
    watch.Stop();
    await Task.Delay(300); // let the registry flush its access log
    var uploads = BlobUploads() - before;
    Console.WriteLine(
        $"{name,-42} {watch.Elapsed.TotalMilliseconds,8:0} ms  skipped={pushed.Skipped,-5}  layers pushed={pushed.LayersPushed}  already there={pushed.LayersExisting}  bytes pushed={pushed.BytesPushed,10}  registry blob PATCH/PUT={uploads}");
    return (pushed, watch.Elapsed, uploads);
}

int BlobUploads() => File.ReadLines(accessLog).Count(l =>
    (l.Contains("\"PATCH /v2/", StringComparison.Ordinal) || l.Contains("\"PUT /v2/", StringComparison.Ordinal)) && l.Contains("/blobs/uploads/", StringComparison.Ordinal));
