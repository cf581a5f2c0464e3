using System.Diagnostics;
using System.Text.Json;
using Pipeline.Engine.Graph;

namespace Pipeline.Workflows.IntegrationTests;

/// <summary>
/// A throwaway git repository whose <c>build.sh</c> runs a trivial build with the engine's command line (targets,
/// <c>--skip [names]</c>, <c>--plan</c>, <c>--name value</c>) over the same target graph the workflow is generated from.
/// Its targets check what a real runner would get wrong: outputs that are not there, credentials visible while
/// building, an image that was never pushed to the registry stand-in, a commit older than what the environment runs.
/// Deploys are recorded in <c>$SYNTHETIC_STATE</c>.
/// </summary>
internal sealed class SyntheticRepository : IDisposable
{
    public const string BuildScript = """
        #!/usr/bin/env python3
        import hashlib, json, os, pathlib, subprocess, sys
        here = pathlib.Path(__file__).resolve().parent
        graph = json.loads((here / "graph.json").read_text())
        state = pathlib.Path(os.environ["SYNTHETIC_STATE"])
        # As the real bootstrapper: compile the build project when its output is not here, then run it (--help: only compile).
        if not pathlib.Path("build/bin/_build.dll").exists():
            print("build.sh: compiling the build project", file=sys.stderr)
            for path in ("build/bin/_build.dll", ".nuke/temp/build.stamp", ".nuke/temp/build.stamp.inputs"):
                pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True); pathlib.Path(path).write_text("compiled")
        if sys.argv[1:] == ["--help"]: sys.exit(0)
        args, targets, skip, plan, params, i = sys.argv[1:], [], None, False, {}, 0
        while i < len(args) and not args[i].startswith("--"):
            targets.append(args[i]); i += 1
        while i < len(args):
            option = args[i]; i += 1
            values = []
            while i < len(args) and not args[i].startswith("--"):
                values.append(args[i]); i += 1
            if option == "--skip": skip = values
            elif option == "--plan": plan = True
            else: params[option[2:]] = " ".join(values) if values else "true"
        order, seen = [], set()
        def visit(name):
            if name in seen: return
            seen.add(name)
            for dependency in graph["targets"][name]["dependsOn"]: visit(dependency)
            order.append(name)
        for name in targets: visit(name)
        for name in list(order):
            for triggered in graph["targets"][name]["triggers"]: visit(triggered)
        skipped = set() if skip is None else (set(order) - set(targets) if skip == [] else set(skip))
        print("plan:", " ".join(order), "| skipped:", " ".join(t for t in order if t in skipped))
        if plan: sys.exit(0)
        def fail(message):
            print("error:", message); sys.exit(1)
        def need(path, target):
            if not pathlib.Path(path).exists(): fail(f"{target} needs {path}, which is not on this runner")
        def output(name, value):
            with open(os.environ["GITHUB_OUTPUT"], "a") as f: f.write(f"{name}={value}\n")
        def write(path, text):
            pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True); pathlib.Path(path).write_text(text)
        for target in [t for t in order if t not in skipped]:
            print("target", target)
            if target == "Restore": write("obj/restored", "yes")
            elif target == "Compile": need("obj/restored", target); write("artifacts/bin/app.dll", "compiled")
            elif target in ("Test", "Integration"): need("artifacts/bin/app.dll", target); write(f"artifacts/test-results/{target}.trx", "passed")
            elif target == "Lint": need("obj/restored", target)
            elif target == "Publish": need("artifacts/bin/app.dll", target); write("artifacts/publish/app.txt", "app " + os.environ["GITHUB_SHA"])
            elif target == "Image":
                if os.environ.get("AWS_ACCESS_KEY_ID"): fail("Image ran with AWS credentials in its environment")
                need("artifacts/publish/app.txt", target)
                write("artifacts/image/local-image.txt", hashlib.sha256(pathlib.Path("artifacts/publish/app.txt").read_bytes()).hexdigest())
            elif target == "Push":
                if not os.environ.get("AWS_ACCESS_KEY_ID"): fail("Push has no AWS credentials")
                need("artifacts/image/local-image.txt", target)
                digest = pathlib.Path("artifacts/image/local-image.txt").read_text()
                write(state / "registry" / digest, "pushed")
                output("image", "registry.local/app@sha256:" + digest)
            elif target == "Deploy":
                environment, image = params.get("environment"), params.get("image", "")
                if environment not in graph["environments"]: fail(f"unknown environment '{environment}'")
                if not (state / "registry" / image.rpartition(":")[2]).exists(): fail(f"image '{image}' is not in the registry")
                if graph["environments"][environment] == "process": need("artifacts/publish/app.txt", target)
                elif not os.environ.get("AWS_ACCESS_KEY_ID"): fail(f"deploying to {environment} needs AWS credentials")
                # As OlderBuildGuard: a commit that is an ancestor of what the environment runs is refused in one line.
                sha, current = os.environ["GITHUB_SHA"], state / f"current-{environment}"
                runs = current.read_text() if current.exists() else None
                if runs and runs != sha and subprocess.run(["git", "merge-base", "--is-ancestor", sha, runs]).returncode == 0:
                    fail(f"refused: commit {sha[:12]} is older than what '{environment}' runs, commit {runs[:12]}; a deploy never moves an environment back: ./build.sh Rollback --environment {environment} does")
                with open(state / "deployments.txt", "a") as f: f.write(f"{environment} {image}\n")
                current.write_text(sha)
                output("url", f"https://{environment}.example.com/")
            else: write(f"artifacts/{target}.done", "done")
        """;

    private SyntheticRepository(string root) => Root = root;

    public string Root { get; }

    public string State => Directory.CreateDirectory(Path.Combine(Root + "-state")).FullName;

    /// <summary>A repository with the build over <paramref name="targets"/> and each environment's platform.</summary>
    public static SyntheticRepository Create(IReadOnlyList<TargetInfo> targets, IReadOnlyDictionary<string, string> platforms)
    {
        var repository = new SyntheticRepository(Directory.CreateTempSubdirectory("synthetic-repo-").FullName);
        var graph = new
        {
            targets = targets.ToDictionary(t => t.Name, t => new { dependsOn = t.DependsOn, triggers = t.Triggers }),
            environments = platforms,
        };
        Directory.CreateDirectory(Path.Combine(repository.Root, "build"));
        File.WriteAllText(Path.Combine(repository.Root, "build", "graph.json"), JsonSerializer.Serialize(graph));
        File.WriteAllText(Path.Combine(repository.Root, "build", "build.py"), BuildScript);
        File.WriteAllText(Path.Combine(repository.Root, "build.sh"), "#!/usr/bin/env bash\nexec python3 \"$(dirname \"$0\")/build/build.py\" \"$@\"\n");
        File.WriteAllText(Path.Combine(repository.Root, ".gitignore"), "artifacts/\nobj/\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(repository.Root, "build.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        repository.Git("init", "--quiet", "--initial-branch=main");
        return repository;
    }

    /// <summary>Commits everything (the generated workflow included); jobs clone this commit.</summary>
    public void Commit(string message)
    {
        Git("add", "-A");
        Git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "--quiet", "--allow-empty", "-m", message);
    }

    /// <summary>The commit checked out.</summary>
    public string Head() => Git("rev-parse", "HEAD").Trim();

    public void Dispose()
    {
        Directory.Delete(Root, recursive: true);
        if (Directory.Exists(Root + "-state"))
        {
            Directory.Delete(Root + "-state", recursive: true);
        }
    }

    private string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error.Result}");
        }

        return output;
    }
}
