using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Web.Account;
using Collab.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Collab.Web.Components.Account;

/// <summary>The second login step: a passkey (with JavaScript), a code by email or SMS, an authenticator code, and remembering this device.</summary>
public partial class Verify
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "factors")] private string? Factors { get; set; }

    [SupplyParameterFromForm(FormName = "verify", Name = "Form")]
    private VerifyForm? PostedForm { get; set; }

    private VerifyForm Form => PostedForm ??= new();

    private EditContext _context = null!;
    private ValidationMessageStore _errors = null!;
    private List<SecondFactor> _factors = [SecondFactor.EmailCode];
    private bool _sent;

    protected override void OnInitialized()
    {
        _context = new EditContext(Form);
        _errors = new ValidationMessageStore(_context);
        var listed = (Factors ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => Enum.TryParse<SecondFactor>(f, out var v) ? v : (SecondFactor?)null).OfType<SecondFactor>().ToList();
        if (listed.Count > 0)
        {
            // The authenticator first when the account has one.
            _factors = listed.OrderByDescending(f => f == SecondFactor.Totp).ToList();
        }

        if (HttpMethods.IsGet(HttpContext.Request.Method))
        {
            Form.Factor = _factors.First(f => f != SecondFactor.Passkey);
        }
    }

    private async Task SendAsync(SecondFactor channel)
    {
        try
        {
            await Account.SendCodeAsync(channel, HttpContext);
            _sent = true;
        }
        catch (DomainException e)
        {
            FormErrors.Show(_context, _errors, e, L);
        }
    }

    private async Task VerifyAsync()
    {
        try
        {
            await Account.VerifyAsync(new VerifyRequest(Form.Factor, Form.Code, Form.RememberDevice), HttpContext);
        }
        catch (DomainException e)
        {
            FormErrors.Show(_context, _errors, e, L);
            return;
        }

        Navigation.NavigateTo("/");
    }

    private sealed class VerifyForm
    {
        public SecondFactor Factor { get; set; } = SecondFactor.EmailCode;
        public string? Code { get; set; }
        public bool RememberDevice { get; set; }
    }
}
