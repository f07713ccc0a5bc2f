using Collab.Contracts.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Collab.Web.Errors;

/// <summary>Maps typed domain errors to problem responses — the one place this happens.</summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DomainException domain)
        {
            return false;
        }

        var (status, title) = domain.Code switch
        {
            DomainErrorCode.InvalidInput => (StatusCodes.Status400BadRequest, "The request breaks one or more rules."),
            DomainErrorCode.NotFound => (StatusCodes.Status404NotFound, "Not found."),
            DomainErrorCode.Conflict => (StatusCodes.Status409Conflict, "Conflict with the current state."),
            DomainErrorCode.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden."),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected domain error."),
        };

        ProblemDetails problem = domain.Code == DomainErrorCode.InvalidInput
            ? new ValidationProblemDetails(domain.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Rule).ToArray()))
            : new ProblemDetails { Detail = domain.Message };
        problem.Status = status;
        problem.Title = title;
        problem.Extensions["code"] = domain.Code.ToString();

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}
