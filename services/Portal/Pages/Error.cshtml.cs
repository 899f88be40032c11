using Microsoft.AspNetCore.Mvc;

namespace Portal.Pages;

/// <summary>What a person sees instead of a stack trace or a bare status code.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PortalPage
{
    public string Heading { get; private set; } = "Sorry, there is a problem with the service";
    public string Text { get; private set; } = "Please try again later. Nothing you entered has been lost from the services.";

    public void OnGet(int? status) => Describe(status);
    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        if (status == 404)
        {
            Heading = "Page not found";
            Text = "If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.";
        }
        else if (status == 429)
        {
            Heading = "Too many requests";
            Text = "Please wait a minute, then try again.";
        }
        else if (status is 400)
        {
            Heading = "Sorry, we could not handle that request";
            Text = "Please go back and try again.";
        }
    }
}
