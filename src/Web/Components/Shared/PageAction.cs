using Collab.Contracts.Errors;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Shared;

/// <summary>What an administration page says after a form's action: "saved", or the refusal in the user's words.</summary>
public static class PageAction
{
    public static async Task<(string Message, bool Failed)> RunAsync(IStringLocalizer<Ui> l, Func<Task> action)
    {
        try
        {
            await action();
            return (l["Action.Done"], false);
        }
        catch (DomainException e)
        {
            return (ErrorText.Of(l, e), true);
        }
    }
}
