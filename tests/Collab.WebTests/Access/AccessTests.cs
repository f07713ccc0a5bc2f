using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.WebTests.Access;

public sealed class AccessTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task Every_api_v1_endpoint_refuses_anonymous_callers_with_401()
    {
        var client = factory.CreateClient();

        var answers = await CallEveryApiEndpoint(client);

        Assert.NotEmpty(answers);
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.Unauthorized, $"{a.Endpoint} answered {a.Status}"));
    }

    [Fact]
    public async Task Every_api_v1_endpoint_refuses_a_pending_account_with_403()
    {
        var client = factory.CreateClient();
        var pending = await TestAccounts.RegisterAsync(client);
        await TestAccounts.LoginAsync(factory, client, pending);

        var answers = await CallEveryApiEndpoint(client);

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.Forbidden, $"{a.Endpoint} answered {a.Status}"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/me")).StatusCode); // it may see itself
    }

    [Fact]
    public async Task A_suspended_account_loses_its_session_at_once_and_is_told_why_only_after_proving_its_password()
    {
        var operatorClient = factory.CreateClient();
        await TestAccounts.OperatorAsync(factory, operatorClient);
        var client = factory.CreateClient();
        var account = await TestAccounts.ActiveAsync(factory, client);
        var before = await client.GetAsync($"/api/v1/practitioners/{account.Id}");

        var suspended = await operatorClient.PostAsync($"/api/v1/practitioners/{account.Id}/suspend", null);
        var next = await client.GetAsync($"/api/v1/practitioners/{account.Id}");
        var wrongPassword = await client.PostAsJsonAsync("/account/login", new { email = account.Email, password = "pas le bon mot de passe" });
        var relogin = await client.PostAsJsonAsync("/account/login", new { email = account.Email, password = account.Password });

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, next.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode); // like any wrong password: the status is not told to a guesser
        Assert.Equal(HttpStatusCode.Forbidden, relogin.StatusCode);
        Assert.Equal("This account is suspended.", (await relogin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_admin_of_structure_a_cannot_administer_an_account_of_structure_b()
    {
        var adminA = factory.CreateClient();
        var adminAAccount = await TestAccounts.ActiveAsync(factory, adminA, lastName: "AdminA");
        var structureA = await TestAccounts.StructureAsync(factory, adminAAccount.Id, "Hôpital A");
        var adminBAccount = await TestAccounts.RegisterAsync(factory.CreateClient(), lastName: "AdminB");
        var structureB = await TestAccounts.StructureAsync(factory, adminBAccount.Id, "Hôpital B");
        var inA = await TestAccounts.RegisterAsync(factory.CreateClient(), structureA, "DansA");
        var inB = await TestAccounts.RegisterAsync(factory.CreateClient(), structureB, "DansB");
        await TestAccounts.ProveEmailAsync(factory, inA);
        await TestAccounts.ProveEmailAsync(factory, inB);

        var otherStructure = await adminA.PostAsync($"/api/v1/practitioners/{inB.Id}/validate", null);
        var ownStructure = await adminA.PostAsync($"/api/v1/practitioners/{inA.Id}/validate", null);
        var addAdminElsewhere = await adminA.PostAsJsonAsync($"/api/v1/structures/{structureB}/admins", new { practitioner = adminAAccount.Id });

        Assert.Equal(HttpStatusCode.Forbidden, otherStructure.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownStructure.StatusCode);
        Assert.Equal("Active", (await ownStructure.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, addAdminElsewhere.StatusCode);
    }

    [Fact]
    public async Task Only_the_operator_creates_structures()
    {
        var someone = factory.CreateClient();
        var account = await TestAccounts.ActiveAsync(factory, someone);
        var operatorClient = factory.CreateClient();
        await TestAccounts.OperatorAsync(factory, operatorClient);
        var form = new { name = "Clinique du Parc", finess = "690000005", city = "Lyon", firstAdmin = account.Id };

        var refused = await someone.PostAsJsonAsync("/api/v1/structures", form);
        var created = await operatorClient.PostAsJsonAsync("/api/v1/structures", form);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Logout_ends_the_session()
    {
        var client = factory.CreateClient();
        var account = await TestAccounts.ActiveAsync(factory, client);

        var before = await client.GetAsync($"/api/v1/practitioners/{account.Id}");
        await client.PostAsync("/account/logout", null);
        var after = await client.GetAsync($"/api/v1/practitioners/{account.Id}");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    private async Task<List<(string Endpoint, HttpStatusCode Status)>> CallEveryApiEndpoint(HttpClient client)
    {
        var answers = new List<(string, HttpStatusCode)>();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true);
        foreach (var endpoint in endpoints)
        {
            // Each parameter a value of its type (a number where the route wants one), so that the route matches.
            var path = System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!, @"\{[^}]+\}", p => p.Value.Contains(":long", StringComparison.Ordinal) ? "1" : Guid.Empty.ToString());
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = JsonContent.Create(new { });
                }

                answers.Add(($"{method} {path}", (await client.SendAsync(request)).StatusCode));
            }
        }

        return answers;
    }
}
