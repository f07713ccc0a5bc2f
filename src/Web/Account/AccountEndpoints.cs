using Collab.Contracts.Practitioners;
using Collab.Web.Access;
using Collab.Web.Practitioners;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Account;

/// <summary>
/// <c>/account</c>: registration, the two steps of a login, logout, password change and reset, and
/// the account holder's own settings. Thin over <see cref="AccountFlows"/>, which the pages share.
/// </summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/account").WithTags("Account");
        var credentials = RateLimitOptions.Credentials;
        group.MapPost("/register", Register).RequireRateLimiting(RateLimitOptions.Registration).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/login", Login).RequireRateLimiting(credentials).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/login/code", SendCode).RequireRateLimiting(credentials).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/login/verify", Verify).RequireRateLimiting(credentials).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/logout", (Delegate)Logout);
        group.MapPost("/password", ChangePassword).RequireAuthorization().RequireRateLimiting(credentials).ProducesValidationProblem();
        group.MapPost("/recover", Recover).RequireRateLimiting(credentials).ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/me", Me).RequireAuthorization();
        group.MapPost("/terms", AcceptTerms).RequireAuthorization();
        group.MapPost("/reauthenticate", Reauthenticate).RequireAuthorization().RequireRateLimiting(credentials).ProducesValidationProblem();
        group.MapPost("/totp", BeginTotp).RequireAuthorization().AddEndpointFilter(RecentAuthentication);
        group.MapPost("/totp/confirm", ConfirmTotp).RequireAuthorization().AddEndpointFilter(RecentAuthentication);
        group.MapGet("/devices", Devices).RequireAuthorization();
        group.MapDelete("/devices/{id:guid}", RevokeDevice).RequireAuthorization().AddEndpointFilter(RecentAuthentication);
        group.MapDelete("/", DeleteAccount).RequireAuthorization().AddEndpointFilter(RecentAuthentication).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Created<RegisteredResponse>> Register(RegisterRequest request, HttpContext http)
    {
        var registered = await AccountFlows.RegisterAsync(request, http);
        return TypedResults.Created($"/api/v1/practitioners/{registered.Practitioner.Id}", registered);
    }

    private static async Task<Ok<LoginStepResponse>> Login(LoginRequest request, HttpContext http) =>
        TypedResults.Ok(await AccountFlows.LoginAsync(request, http));

    private static async Task<NoContent> SendCode(SendCodeRequest request, HttpContext http)
    {
        await AccountFlows.SendCodeAsync(request.Channel, http);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<LoginStepResponse>> Verify(VerifyRequest request, HttpContext http) =>
        TypedResults.Ok(await AccountFlows.VerifyAsync(request, http));

    private static async Task<NoContent> Logout(HttpContext http)
    {
        await AccountFlows.LogoutAsync(http);
        return TypedResults.NoContent();
    }

    // Second-factor settings and devices: a password proved in the last minutes, else 401 with code ReauthenticationRequired.
    /// <summary>The holder deletes their account (after a recent re-authentication); the session ends with it.</summary>
    private static async Task<Ok<AccountDeletion>> DeleteAccount(HttpContext http, IClusterClient cluster)
    {
        var caller = HttpCaller.From(http);
        var deletion = await cluster.GetGrain<IPractitionerGrain>(caller.PractitionerId!.Value).DeleteAccount(caller);
        await AccountFlows.LogoutAsync(http);
        return TypedResults.Ok(deletion);
    }

    private static async ValueTask<object?> RecentAuthentication(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        AccountFlows.RecentlyAuthenticated(context.HttpContext)
            ? await next(context)
            : TypedResults.Problem(
                title: "Enter your password again to change security settings.", statusCode: StatusCodes.Status401Unauthorized,
                extensions: new Dictionary<string, object?> { ["code"] = "ReauthenticationRequired" });

    private static async Task<NoContent> Reauthenticate(ReauthenticateRequest request, HttpContext http)
    {
        await AccountFlows.ReauthenticateAsync(request.Password, http);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ChangePassword(ChangePasswordRequest request, HttpContext http)
    {
        await AccountFlows.ChangePasswordAsync(request, http);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<RecoveredResponse>> Recover(RecoverRequest request, HttpContext http) =>
        TypedResults.Ok(await AccountFlows.RecoverAsync(request, http));

    private static async Task<Ok<MeResponse>> Me(IClusterClient cluster, HttpContext http)
    {
        var id = SessionCookies.PractitionerOf(http.User)!.Value;
        var account = cluster.GetGrain<IPractitionerGrain>(id);
        var profile = (await account.GetProfile(HttpCaller.From(http)))!;
        var standing = await account.GetStanding();
        return TypedResults.Ok(new MeResponse(PractitionerResponse.From(profile), standing.Status, standing.IsOperator, standing.AcceptedTermsVersion));
    }

    // The server knows which terms are current: accepting an older (or invented) version records nothing.
    private static async Task<NoContent> AcceptTerms(AcceptTermsRequest request, IClusterClient cluster, HttpContext http, IConfiguration configuration)
    {
        var current = configuration.GetValue("Terms:Version", 1);
        if (request.Version != current)
        {
            throw new Contracts.Errors.DomainException(Contracts.Errors.DomainErrorCode.Conflict,
                $"The current terms of use are version {current}: read them and accept that version.",
                [new("version", $"must be the current version, {current}")]);
        }

        var id = SessionCookies.PractitionerOf(http.User)!.Value;
        await cluster.GetGrain<IPractitionerGrain>(id).AcceptTerms(current, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TotpEnrollment>> BeginTotp(IClusterClient cluster, HttpContext http)
    {
        var id = SessionCookies.PractitionerOf(http.User)!.Value;
        return TypedResults.Ok(await cluster.GetGrain<IPractitionerGrain>(id).BeginTotpEnrollment(HttpCaller.From(http)));
    }

    private static async Task<NoContent> ConfirmTotp(CodeRequest request, IClusterClient cluster, HttpContext http)
    {
        var id = SessionCookies.PractitionerOf(http.User)!.Value;
        await cluster.GetGrain<IPractitionerGrain>(id).ConfirmTotp(request.Code ?? "", HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<RememberedDevice>>> Devices(IClusterClient cluster, HttpContext http)
    {
        var id = SessionCookies.PractitionerOf(http.User)!.Value;
        return TypedResults.Ok(await cluster.GetGrain<IPractitionerGrain>(id).GetDevices(HttpCaller.From(http)));
    }

    private static async Task<NoContent> RevokeDevice(Guid id, IClusterClient cluster, HttpContext http)
    {
        var practitioner = SessionCookies.PractitionerOf(http.User)!.Value;
        await cluster.GetGrain<IPractitionerGrain>(practitioner).RevokeDevice(id, HttpCaller.From(http));
        return TypedResults.NoContent();
    }
}
