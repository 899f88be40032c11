using Microsoft.AspNetCore.Mvc;

namespace Portal.Pages;

/// <summary>
/// What a person sees instead of a stack trace or a bare status code, in their language. A page whose address names
/// something that is not there (or not theirs to see) answers 404 and shows this page's "Page not found".
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PortalPage
{
    public string Heading { get; private set; } = PortalText.Get("Error.Heading");
    public string Text { get; private set; } = PortalText.Get("Error.Text");

    // ?status= from the status code pages; after an exception, the status the exception handler chose (400 for a bad request).
    public void OnGet(int? status) => Describe(status ?? Response.StatusCode);
    public void OnPost(int? status) => Describe(status ?? Response.StatusCode);

    private void Describe(int? status)
    {
        var (heading, text) = status switch
        {
            404 => ("Error.NotFoundHeading", "Error.NotFoundText"),
            429 => ("Error.TooManyHeading", "Error.TooManyText"),
            400 => ("Error.BadRequestHeading", "Error.BadRequestText"),
            _ => ("Error.Heading", "Error.Text"),
        };
        Heading = PortalText.Get(heading);
        Text = PortalText.Get(text);
    }
}
