using System.Text.Json.Serialization;
using Collab.Silo.Hosting;
using Collab.Web;
using Collab.Web.Account;
using Collab.Web.Audit;
using Collab.Web.Calls;
using Collab.Web.Compliance;
using Collab.Web.Consultations;
using Collab.Web.Conversations;
using Collab.Web.Directory;
using Collab.Web.Discussions;
using Collab.Web.Errors;
using Collab.Web.Groups;
using Collab.Web.Knowledge;
using Collab.Web.Mailboxes;
using Collab.Web.Practitioners;
using Collab.Web.Statistics;
using Collab.Web.Structures;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.SignalR;

return await CollabProgram.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Configuration.AddCollabConfiguration(args);

    // One process by default: this web node is also a silo. In a cluster of dedicated silos it
    // can be a plain Orleans client instead.
    var settings = builder.Configuration.ReadBoolean("Web:CoHostSilo", fallback: true)
        ? builder.AddCollabSilo()
        : builder.AddCollabClient();

    builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Collab.Web.Errors.DomainText.Localize);
    builder.Services.AddExceptionHandler<DomainExceptionHandler>();
    builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
    builder.Services.AddOpenApi();
    // Behind a reverse proxy (./collab cluster, docker/), the client's address comes from X-Forwarded-For, believed
    // only from the proxies named here: the audit trail and the per-address limits see the person, not the proxy.
    // The host the person asked for comes from X-Forwarded-Host: every address built from the request (a redirect to
    // the login page, a Blazor page's navigation) names the entry point, never the node's own private address.
    var proxies = builder.Configuration.ReadNetworks("Web:TrustedProxies");
    builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o =>
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var network in proxies)
        {
            o.KnownIPNetworks.Add(network);
        }
    });
    builder.Services.AddSharedKeyRing(builder.Configuration);
    builder.Services.AddCollabAuthentication(builder.Environment, settings.Psc);
    builder.Services.AddCollabRateLimiting(RateLimitOptions.Read(builder.Configuration));
    builder.Services.AddCascadingAuthenticationState();
    builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
    // A circuit takes what the forms accept (a 50,000-character clinical context), not SignalR's 32 KB default.
    builder.Services.AddRazorComponents().AddInteractiveServerComponents()
        .AddHubOptions(o => o.MaximumReceiveMessageSize = Collab.Web.Consultations.TextLimits.LiveMessageBytes);
    builder.Services.AddHostedService<Collab.Web.Demo.DemoData>();
    // The session check is for the collaboration hub only: Blazor's own hub serves anonymous pages too.
    builder.Services.AddSignalR().AddHubOptions<Collab.Web.Live.ConsultationHub>(o =>
    {
        o.AddFilter<Collab.Web.Live.SessionHubFilter>();
        o.MaximumReceiveMessageSize = Collab.Web.Consultations.TextLimits.LiveMessageBytes;
    });
    builder.Services.AddSingleton<Collab.Web.Live.ConsultationHubLifetime>();
    builder.Services.AddSingleton<HubLifetimeManager<Collab.Web.Live.ConsultationHub>>(s => s.GetRequiredService<Collab.Web.Live.ConsultationHubLifetime>());
    builder.Services.AddSingleton<Collab.Web.Live.LiveRelay>();
    builder.Services.AddSingleton<IClusterConnectionStatusObserver, Collab.Web.Live.SiloLossWatch>();
    builder.Services.AddSingleton<Collab.Web.Live.HubConnections>();
    // One service per feature, shared by the pages, the endpoints and the hub (docs/architecture.md, "Map").
    builder.Services.AddSingleton<AccountService>();
    builder.Services.AddSingleton<PractitionerService>();
    builder.Services.AddSingleton<IdentityDocuments>();
    builder.Services.AddSingleton<StatisticsService>();
    builder.Services.AddSingleton<StructureService>();
    builder.Services.AddSingleton<GroupService>();
    builder.Services.AddSingleton<DirectoryService>();
    builder.Services.AddSingleton<AuditService>();
    builder.Services.AddSingleton<BreachService>();
    builder.Services.AddSingleton<Collab.Web.Home.WorkloadService>();
    builder.Services.AddSingleton<Collab.Web.Consultations.ConsultationClients>();
    builder.Services.AddSingleton<Collab.Web.Mailboxes.MailPost>();
    builder.Services.AddSingleton<Collab.Web.Mailboxes.IMailRelay, Collab.Web.Mailboxes.SmtpMailRelay>();
    builder.Services.AddSingleton<Collab.Web.Mailboxes.SmtpGateway>();
    builder.Services.AddHostedService<Collab.Web.Mailboxes.SmtpGatewayService>();
    builder.Services.AddSingleton<Collab.Web.Consultations.PatientRights>();

    var app = builder.Build();
    if (proxies.Count > 0)
    {
        app.UseForwardedHeaders();
    }

    // The API is answered by DomainExceptionHandler; pages re-execute to /error, which sets the status the refusal means.
    app.UseExceptionHandler("/error");
    // Programs (the API, the hub) get problem details; people asking for a page that is not there get one.
    app.UseStatusCodePages();
    app.UseWhen(
        http => HttpMethods.IsGet(http.Request.Method) && CollabAuthentication.IsPageNavigation(http.Request),
        people => people.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
    app.UseRouting(); // after the re-execution, so that /not-found finds its endpoint
    app.UseRequestLocalization(UiCulture.Options());
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.UseAntiforgery();
    app.MapStaticAssets();

    app.MapOpenApi();
    app.MapCollabHealth();
    app.MapAccountEndpoints();
    app.MapProSanteConnect(settings.Psc);

    // Every /api/v1 endpoint hangs off this group: none can skip the account check.
    var api = app.MapGroup("/api/v1").RequireActiveAccount();
    api.MapPractitionersApi();
    api.MapDirectoryApi();
    api.MapStructuresApi();
    api.MapStatisticsApi();
    api.MapGroupsApi();
    api.MapConsultationsApi();
    api.MapDiscussionsApi();
    api.MapMailApi();
    api.MapAuditApi();
    api.MapPatientsApi();
    api.MapBreachApi();

    app.MapConsultationDownloads();
    app.MapDiscussionDownloads();
    app.MapMailFiles();
    app.MapKnowledgeFiles();
    app.MapTwilioVideoWebhook();
    app.MapMailKeyApi();
    app.MapPatientExportDownload();
    app.MapHub<Collab.Web.Live.ConsultationHub>(Collab.Web.Live.ConsultationHub.Path, Collab.Web.Consultations.TextLimits.Buffer);
    app.MapHub<Collab.Web.Live.ConsultationHub>(Collab.Web.Live.ConsultationHub.FormerPath, Collab.Web.Consultations.TextLimits.Buffer);

    app.MapUiCulture();
    app.MapPost("/logout", async (HttpContext http, AccountService account) =>
    {
        await account.LogoutAsync(http);
        return Results.Redirect("/");
    });
    // The circuit's connection options are reachable only through its endpoint metadata in .NET 10.
    app.MapRazorComponents<Collab.Web.Components.App>().AddInteractiveServerRenderMode()
        .Add(e => e.Metadata.OfType<Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions>().ToList().ForEach(Collab.Web.Consultations.TextLimits.Buffer));

    await app.RunAsync();
    return 0;
});

/// <summary>The web entry point (public for WebApplicationFactory in the web tests).</summary>
public partial class Program;
