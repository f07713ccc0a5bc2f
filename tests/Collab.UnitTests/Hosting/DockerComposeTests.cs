using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Collab.UnitTests.Hosting;

/// <summary>docker/: the compose file validates, and it uses every secret make-secrets.sh makes (and no other).</summary>
public sealed partial class DockerComposeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "collab-compose-" + Guid.NewGuid().ToString("N"));

    [ComposeFact]
    public void The_compose_file_validates()
    {
        var docker = CopyOfDockerFolder();
        Assert.Equal(0, Run("bash", Path.Combine(docker, "make-secrets.sh")).ExitCode);

        var config = Run("docker", "compose", "-f", Path.Combine(docker, "docker-compose.yml"), "config", "--quiet");

        Assert.True(config.ExitCode == 0, config.Error);
    }

    [Fact]
    public void The_compose_file_names_every_secret_make_secrets_creates()
    {
        var docker = Path.Combine(Repository(), "docker");
        var made = MadeSecret().Matches(File.ReadAllText(Path.Combine(docker, "make-secrets.sh"))).Select(m => m.Groups[1].Value).ToHashSet();
        var used = UsedSecret().Matches(File.ReadAllText(Path.Combine(docker, "docker-compose.yml"))).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Contains("web-keyring.key", made);
        Assert.Equal(made.Order(), used.Order());
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private string CopyOfDockerFolder()
    {
        var source = Path.Combine(Repository(), "docker");
        var target = Path.Combine(_folder, "docker");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    private static (int ExitCode, string Error) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Result);
    }

    private static string Repository()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Collab.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Collab.sln not found above the test binaries.");
    }

    // make-secrets.sh: [ -s "$dir/<name>" ] || … (or [ ! -s … ])
    [GeneratedRegex(@"\[ (?:! )?-s ""\$dir/([a-z.-]+)"" \]")]
    private static partial Regex MadeSecret();

    // docker-compose.yml, under secrets: <name>: { file: ./secrets/<name> }
    [GeneratedRegex(@"file: \./secrets/([a-z.-]+)")]
    private static partial Regex UsedSecret();
}

/// <summary>Runs where the docker CLI has its compose plugin (<c>docker compose version</c> answers); skipped, and counted as skipped, elsewhere.</summary>
public sealed class ComposeFactAttribute : FactAttribute
{
    public ComposeFactAttribute()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("docker", "compose version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            probe.WaitForExit();
            if (probe.ExitCode != 0)
            {
                Skip = "needs the docker compose plugin (the docker CLI here has none)";
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Skip = "needs the docker CLI with its compose plugin";
        }
    }
}
