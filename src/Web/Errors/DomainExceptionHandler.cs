using Collab.Contracts.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Collab.Web.Errors;

/// <summary>
/// Maps typed domain errors, and requests that cannot be read, to problem responses — the one place
/// this happens. Messages never quote the request: it may carry health content. They are written in English;
/// <see cref="DomainText.Localize"/> translates every problem response for a client that asks for French.
/// </summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // A person asking for a page gets a page (/error, in their language), not problem details.
        if (Account.CollabAuthentication.IsPageNavigation(httpContext.Request))
        {
            return false;
        }

        if (exception is BadHttpRequestException badRequest)
        {
            return await WriteAsync(httpContext, exception, badRequest.StatusCode, new ProblemDetails
            {
                Title = "The request could not be read.",
                Detail = badRequest.InnerException is System.Text.Json.JsonException { Path: var path }
                    ? $"The body is not valid JSON for this endpoint (near {path ?? "$"})."
                    : "The request does not match what this endpoint expects.",
                Extensions = { ["code"] = nameof(DomainErrorCode.InvalidInput) },
            });
        }

        // A participant whose copy of the keys is gone (they left the group, their account's copies were withdrawn)
        // is refused like any other non-reader, never answered with a server error.
        if (exception is Crypto.CryptoException { Failure: Crypto.CryptoFailure.NotARecipient or Crypto.CryptoFailure.SessionEnded } crypto)
        {
            var ended = crypto.Failure == Crypto.CryptoFailure.SessionEnded;
            return await WriteAsync(httpContext, exception, StatusOf(exception), new ProblemDetails
            {
                Title = ended ? "The session has ended; log in again." : "Your keys do not open this content.",
                Detail = ended ? null : "Your copy of its keys was withdrawn (for example when you left the group it was addressed to).",
                Extensions = { ["code"] = ended ? nameof(DomainErrorCode.Unauthenticated) : "NotARecipient" },
            });
        }

        // The web node's own commands (files, mail) meet a restarting database too: "try again", not a server error.
        if (exception is not DomainException && Silo.Postgres.PostgresOutage.IsUnavailable(exception))
        {
            exception = Silo.Postgres.DatabaseOutageFilter.Unavailable();
        }

        if (exception is not DomainException domain)
        {
            return false;
        }

        var (status, title) = Describe(domain.Code);
        ProblemDetails problem = domain.Errors.Count > 0
            ? new ValidationProblemDetails(domain.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Rule).ToArray()))
            : new ProblemDetails { Detail = domain.Message };
        problem.Title = title;
        problem.Extensions["code"] = domain.Code.ToString();
        if (domain.RetryAfterSeconds is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await WriteAsync(httpContext, exception, status, problem);
    }

    /// <summary>The HTTP status of an exception: a domain refusal's by its code, a crypto refusal's, 500 otherwise.</summary>
    public static int StatusOf(Exception exception) => exception switch
    {
        DomainException domain => Describe(domain.Code).Status,
        _ when Silo.Postgres.PostgresOutage.IsUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
        Crypto.CryptoException { Failure: Crypto.CryptoFailure.SessionEnded } => StatusCodes.Status401Unauthorized,
        Crypto.CryptoException { Failure: Crypto.CryptoFailure.NotARecipient } => StatusCodes.Status403Forbidden,
        BadHttpRequestException badRequest => badRequest.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static (int Status, string Title) Describe(DomainErrorCode code) => code switch
    {
        DomainErrorCode.InvalidInput => (StatusCodes.Status400BadRequest, "The request breaks one or more rules."),
        DomainErrorCode.NotFound => (StatusCodes.Status404NotFound, "Not found."),
        DomainErrorCode.Conflict => (StatusCodes.Status409Conflict, "Conflict with the current state."),
        DomainErrorCode.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden."),
        DomainErrorCode.TooManyAttempts => (StatusCodes.Status429TooManyRequests, "Too many attempts; try again later."),
        DomainErrorCode.Unauthenticated => (StatusCodes.Status401Unauthorized, "Wrong credentials."),
        DomainErrorCode.Gone => (StatusCodes.Status410Gone, "Destroyed."),
        DomainErrorCode.Stale => (StatusCodes.Status409Conflict, "Changed meanwhile; try again."),
        DomainErrorCode.Unavailable => (StatusCodes.Status503ServiceUnavailable, "Briefly unavailable; try again in a moment."),
        _ => (StatusCodes.Status500InternalServerError, "Unexpected domain error."),
    };

    private async ValueTask<bool> WriteAsync(HttpContext httpContext, Exception exception, int status, ProblemDetails problem)
    {
        problem.Status = status;
        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}
