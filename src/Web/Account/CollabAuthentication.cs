using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Collab.Web.Account;

/// <summary>
/// Cookie authentication: HttpOnly, SameSite=Strict, Secure outside Development; 30 minutes idle,
/// 12 hours absolute; every request re-checks that the session's key is alive and the account is
/// not suspended, so a logout, an expiry or a suspension takes effect at once.
/// </summary>
public static class CollabAuthentication
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);
    private const string RefusalItem = "collab.refusal";

    public static IServiceCollection AddCollabAuthentication(this IServiceCollection services, IHostEnvironment environment, Collab.Silo.Hosting.PscSettings? psc = null)
    {
        services.AddSingleton<ISessionVault, Silo.Postgres.PostgresSessionVault>();
        services.AddSingleton(sp => new SessionKeyStore(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ISessionVault>()));
        services.AddSingleton<LiveSessions>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveSessions>());
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = SessionCookies.AuthenticationCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                o.ExpireTimeSpan = IdleTimeout;
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.Events.OnValidatePrincipal = ValidateAsync;
                o.Events.OnRedirectToLogin = context => RefuseApiOr(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => RefuseApiOr(context, StatusCodes.Status403Forbidden);
            })
            .AddProSanteConnect(psc, environment);
        services.AddAuthorization();
        return services;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionKeyStore>();
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var ticket = SessionCookies.TicketOf(context.Principal!);
        var practitioner = SessionCookies.PractitionerOf(context.Principal!);
        var started = SessionCookies.StartedAt(context.Principal!);
        // The session may have been opened on another web node: the vault has it (sealed under the cookie's secret).
        if (ticket is null || practitioner is null || started is null || !await sessions.IsAliveAsync(ticket.SessionId)
            || sessions.UserOf(ticket.SessionId) != practitioner || clock.GetUtcNow() - started > AbsoluteTimeout)
        {
            await EndAsync(context, ticket, sessions, refusal: null);
            return;
        }

        var standing = await context.HttpContext.RequestServices.GetRequiredService<IClusterClient>()
            .Grain<IPractitionerGrain>(practitioner.Value).GetStanding();
        if (standing.Status is AccountStatus.Suspended or AccountStatus.Rejected or AccountStatus.Revoked or AccountStatus.Deleted)
        {
            await EndAsync(context, ticket, sessions, refusal: $"This account is {standing.Status.ToString().ToLowerInvariant()}.");
        }
    }

    private static async Task EndAsync(CookieValidatePrincipalContext context, SessionTicket? ticket, SessionKeyStore sessions, string? refusal)
    {
        if (ticket is not null)
        {
            await sessions.EndAsync(ticket.SessionId);
        }

        if (refusal is not null)
        {
            context.HttpContext.Items[RefusalItem] = refusal;
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    // A browser opening a page goes to the login page; everything else (the API, the hub, a
    // download fetched by a program) gets a status and a problem body, never a redirect.
    private static async Task RefuseApiOr(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsPageNavigation(context.Request))
        {
            context.Response.Redirect(context.RedirectUri);
            return;
        }

        // A session ended by a suspension answers 403 with the reason, not a bare 401.
        var refusal = context.HttpContext.Items[RefusalItem] as string;
        context.Response.StatusCode = refusal is null ? status : StatusCodes.Status403Forbidden;
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = context.Response.StatusCode,
                Title = refusal ?? (status == StatusCodes.Status401Unauthorized ? "Log in first." : "Forbidden."),
                Extensions = { ["code"] = refusal is null && status == StatusCodes.Status401Unauthorized ? "Unauthenticated" : "Forbidden" },
            },
        });
    }

    /// <summary>A browser asking for a page (it accepts HTML), outside the paths programs call.</summary>
    public static bool IsPageNavigation(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/account") && !request.Path.StartsWithSegments("/hubs")
        && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>
    /// The rule of every <c>/api/v1</c> endpoint and of every download of health data: a logged-in, validated,
    /// active account that has accepted the current terms. Pending and suspended accounts get 403.
    /// </summary>
    public static TBuilder RequireActiveAccount<TBuilder>(this TBuilder group)
        where TBuilder : IEndpointConventionBuilder
    {
        group.RequireAuthorization();
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var practitioner = SessionCookies.PractitionerOf(http.User)!.Value;
            var standing = await http.RequestServices.GetRequiredService<IClusterClient>().Grain<IPractitionerGrain>(practitioner).GetStanding();
            var terms = http.RequestServices.GetRequiredService<IConfiguration>().GetValue("Terms:Version", 1);
            var refusal = standing.Status != AccountStatus.Active
                ? ($"This account is {standing.Status.ToString().ToLowerInvariant()}.", "AccountNotActive")
                : standing.AcceptedTermsVersion < terms ? ("Accept the current terms of use first.", "TermsNotAccepted") : default;
            return refusal == default
                ? await next(context)
                : TypedResults.Problem(title: refusal.Item1, statusCode: StatusCodes.Status403Forbidden, extensions: new Dictionary<string, object?> { ["code"] = refusal.Item2 });
        });
        return group;
    }
}
