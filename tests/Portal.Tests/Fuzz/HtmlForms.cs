using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Portal.Tests.Fuzz;

/// <summary>A named control of a rendered form with the value it would send, and the other values it offers (options, radios, buttons).</summary>
public sealed record FormField(string Name, string Value, IReadOnlyList<string> Choices, bool Hidden);

/// <summary>Where one submit of a form goes (its action, or a button's formaction) and what it would send.</summary>
public sealed record FormTarget(string Method, Uri Action, IReadOnlyList<FormField> Fields)
{
    public const string Antiforgery = "__RequestVerificationToken";
}

/// <summary>What a person's browser would find in a page: its forms (one target per distinct action) and its links.</summary>
public static class HtmlForms
{
    private static readonly HtmlParser Parser = new();

    public static (List<FormTarget> Forms, List<Uri> Links) Read(string html, Uri page)
    {
        var document = Parser.ParseDocument(html);
        var forms = new List<FormTarget>();
        foreach (var form in document.Forms)
        {
            var method = (form.GetAttribute("method") ?? "get").ToUpperInvariant();
            var action = Resolve(page, form.GetAttribute("action")) ?? page;
            var fields = Fields(form);
            var actions = new List<Uri> { action };
            actions.AddRange(form.QuerySelectorAll("button[formaction], input[formaction]")
                .Select(b => Resolve(page, b.GetAttribute("formaction"))).OfType<Uri>());
            // Buttons elsewhere on the page that name this form (form="id") submit it too.
            if (form.Id is { Length: > 0 } id)
                actions.AddRange(document.QuerySelectorAll($"button[form='{id}'][formaction]")
                    .Select(b => Resolve(page, b.GetAttribute("formaction"))).OfType<Uri>());
            forms.AddRange(actions.Distinct().Select(a => new FormTarget(method, a, fields)));
        }
        var links = document.QuerySelectorAll("a[href]").Select(a => Resolve(page, a.GetAttribute("href"))).OfType<Uri>()
            .Where(u => u.Authority == page.Authority).Distinct().ToList();
        return (forms, links);
    }

    private static List<FormField> Fields(IHtmlFormElement form)
    {
        var fields = new List<FormField>();
        foreach (var group in form.Elements.GroupBy(e => e.GetAttribute("name") ?? "").Where(g => g.Key.Length > 0))
        {
            var choices = new List<string>();
            string? value = null;
            var hidden = true;
            foreach (var element in group)
            {
                switch (element)
                {
                    case IHtmlInputElement input when input.Type is "radio" or "checkbox":
                        choices.Add(input.Value);
                        if (input.IsChecked) value ??= input.Value;
                        hidden = false;
                        break;
                    case IHtmlInputElement input when input.Type is "submit" or "image" or "button" or "reset":
                        choices.Add(input.Value);
                        break;
                    case IHtmlInputElement input:
                        value ??= input.Value;
                        hidden &= input.Type == "hidden";
                        break;
                    case IHtmlButtonElement button:
                        choices.Add(button.Value);
                        value ??= button.Value;
                        break;
                    case IHtmlSelectElement select:
                        choices.AddRange(select.Options.Select(o => o.Value));
                        value ??= select.Value;
                        hidden = false;
                        break;
                    case IHtmlTextAreaElement text:
                        value ??= text.Value;
                        hidden = false;
                        break;
                }
            }
            fields.Add(new FormField(group.Key, value ?? choices.FirstOrDefault() ?? "", choices, hidden));
        }
        return fields;
    }

    private static Uri? Resolve(Uri page, string? href)
    {
        if (href is null) return null;
        if (href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)
            || href.StartsWith('#')) return null;
        return Uri.TryCreate(page, href, out var uri) && uri.Scheme is "http" ? uri : null;
    }
}
