using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Testing;

namespace Collab.WebTests.Security;

/// <summary>A program without a session (a script, a stolen-but-logged-out cookie) is told 401 with a problem body; only a browser opening a page is sent to the login page.</summary>
public sealed class AnonymousClientTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Theory]
    [InlineData("POST", "/hubs/collab/negotiate?negotiateVersion=1")]
    [InlineData("GET", "/api/v1/directory")]
    [InlineData("GET", "/consultations/00000000-0000-0000-0000-000000000001/report.pdf")]
    [InlineData("GET", "/consultations/00000000-0000-0000-0000-000000000001/files/1")]
    public async Task A_program_without_a_session_gets_401_and_a_problem_not_a_redirect(string method, string path)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var answer = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Unauthenticated", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_browser_opening_a_page_without_a_session_goes_to_the_login_page()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var request = new HttpRequestMessage(HttpMethod.Get, "/consultations/00000000-0000-0000-0000-000000000001/report.pdf");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");

        var answer = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/login", answer.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_kept_after_logout_opens_nothing()
    {
        var session = await TestSessions.ActiveAsync(factory, "Partie");
        var stolen = session.Cookies.GetCookieHeader(factory.Server.BaseAddress);
        await session.Http.PostAsync("/account/logout", null);
        var thief = factory.CreateClient();
        thief.DefaultRequestHeaders.Add("Cookie", stolen);

        var api = await thief.GetAsync("/api/v1/directory");
        var me = await thief.GetAsync("/account/me");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }
}
