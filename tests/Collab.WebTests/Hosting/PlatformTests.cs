using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Testing;

namespace Collab.WebTests.Hosting;

public sealed class PlatformTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_report_healthy_once_started(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Start_up_applies_every_migration()
    {
        _ = await factory.CreateClient().GetAsync("/health/live");

        Assert.Equal(Silo.Postgres.SchemaMigrator.All.Count, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_account_and_api_endpoints()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/account/register", out var register));
        Assert.True(register.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/practitioners/{id}", out var read));
        Assert.True(read.TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/api/v1/directory", out var directory));
        Assert.True(directory.TryGetProperty("get", out _));
    }
}
