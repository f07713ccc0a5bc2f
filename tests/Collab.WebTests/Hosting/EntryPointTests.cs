using System.Net;
using Collab.Testing;

namespace Collab.WebTests.Hosting;

/// <summary>
/// Behind the entry point (Collab.Proxy in front of a web node, separate processes), the addresses a node builds from
/// a request name the entry point the person asked for, not the node's own address, which a browser cannot reach on
/// a real deployment.
/// </summary>
public sealed class EntryPointTests
{
    [Fact]
    public async Task A_page_that_needs_a_login_sends_the_browser_to_the_entry_points_login_page()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var cluster = await ClusterProcesses.StartAsync(database, silos: 1, webs: 1);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = cluster.Entry };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/consultations/{Guid.NewGuid()}/report.pdf");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(cluster.Entry.Authority, location.Authority);
        Assert.Equal("/login", location.AbsolutePath);
    }
}
