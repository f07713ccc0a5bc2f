using System.Diagnostics;
using System.Security.Cryptography;
using Collab.Silo.Hosting;

namespace Collab.UnitTests.Hosting;

public sealed class ClusterCertificateTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "collab-unit-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_cluster_certificate_is_created_once_owner_only_and_every_node_pins_the_same_one()
    {
        var path = Path.Combine(_folder, "keys", "cluster-tls.pfx");

        var first = ClusterCertificate.LoadOrCreate(path, null);
        var again = ClusterCertificate.LoadOrCreate(path, null);

        Assert.Equal(first.Pin, again.Pin);
        Assert.Equal(SHA256.HashData(first.Certificate.RawData), first.Pin);
        Assert.True(first.Certificate.HasPrivateKey);
        Assert.Equal("CN=" + ClusterCertificate.Subject, first.Certificate.Subject);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void The_certificate_docker_make_secrets_creates_is_one_nodes_can_load()
    {
        // The compose cluster's nodes read the file make-secrets.sh writes with openssl.
        Directory.CreateDirectory(_folder);
        var script = Path.Combine(_folder, "make-secrets.sh");
        File.Copy(Path.Combine(Repository(), "docker", "make-secrets.sh"), script);
        using (var run = Process.Start(new ProcessStartInfo("bash", script) { RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            run.WaitForExit();
            Assert.True(run.ExitCode == 0, run.StandardError.ReadToEnd());
        }

        var certificate = ClusterCertificate.LoadOrCreate(Path.Combine(_folder, "secrets", "cluster-tls.pfx"), null);

        Assert.True(certificate.Certificate.HasPrivateKey);
        Assert.Equal("CN=" + ClusterCertificate.Subject, certificate.Certificate.Subject);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
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
}
