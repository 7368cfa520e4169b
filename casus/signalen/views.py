"""Signal pages for members of the teams that take signals (ondermijning, PGA-R).

Every form that registers or decides goes through ``verwerk``: its idempotency token
is claimed with the change (a second submission changes nothing), and the change is
logged, a refused one too.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    get_flashed_messages,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from casus import navigatie
from casus.audit import log_actie, log_wijziging
from casus.casussen.validatie import wijken
from casus.errors import Ongeldig
from casus.klok import vandaag
from casus.paginering import lijstpagina, paginanummer
from casus.signalen import queries, services
from casus.signalen.forms import (
    GEEN,
    LEEG,
    AfsluitForm,
    FilterForm,
    KoppelForm,
    OmzetForm,
    SignaalForm,
    keuzes,
)
from casus.signalen.models import BETREFT_SOORTEN, SIGNAAL_STATUSSEN, Signaal
from casus.templating import datum
from casus.toegang.laden import signaal_of_404
from casus.toegang.policy import heeft_signaalteam, signaal_aanpakken
from casus.werkplek.formulier import toon_fout, verwerk, verwerk_met_melding
from workflows import CATALOGUS
from workflows.codes import SIGNAAL_BRONNEN

bp = Blueprint("signalen", __name__, url_prefix="/signalen")


@bp.app_template_filter("signaal_bron")
def _bron_label(code: str) -> str:
    return SIGNAAL_BRONNEN.get(code, code)


@bp.app_template_filter("signaal_thema")
def _thema_label(signaal: Signaal) -> str:
    return services.themas(signaal.aanpak).get(signaal.thema, signaal.thema)


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"signaal_statussen": SIGNAAL_STATUSSEN, "betreft_soorten": BETREFT_SOORTEN}


navigatie.menupunt("signalen.lijst", "Signalen", heeft_signaalteam, 30)
navigatie.menupunt("signalen.overleg", "Signalenoverleg", heeft_signaalteam, 31)


def eigen_aanpakken() -> tuple[str, ...]:
    """The user's signal-taking aanpakken; 404 for anyone without one."""
    aanpakken = tuple(signaal_aanpakken(current_user))
    if not aanpakken:
        abort(404)
    return aanpakken


def thema_keuzes(aanpakken: tuple[str, ...]) -> Any:
    """Theme choices: a flat list for one aanpak, grouped per aanpak for several."""
    if len(aanpakken) == 1:
        return keuzes(services.themas(aanpakken[0]).items())
    return [k for a in aanpakken for k in keuzes(services.themas(a).items(), CATALOGUS.get(a).kort)]


def aanpak_keuzes(aanpakken: tuple[str, ...]) -> list[SelectChoice]:
    return keuzes((a, CATALOGUS.get(a).kort) for a in aanpakken)


def _laad(signaal_id: int) -> Signaal:
    return signaal_of_404(signaal_id)


def _filter(form: FilterForm, aanpakken: tuple[str, ...]) -> queries.Filter:
    form.aanpak.choices = LEEG + aanpak_keuzes(aanpakken)
    alle = {code for a in aanpakken for code in services.themas(a)}
    form.thema.choices = LEEG + keuzes(
        sorted(
            {(c, lbl) for a in aanpakken for c, lbl in services.themas(a).items()},
            key=lambda x: x[1],
        )
    )
    form.validate()

    # only values that passed validation reach the query
    def geldig(veld: Any) -> Any:
        return None if veld.errors else (veld.data or None)

    thema = geldig(form.thema)
    return queries.Filter(
        aanpak=geldig(form.aanpak),
        van=geldig(form.van),
        tot_en_met=geldig(form.tot_en_met),
        bron=geldig(form.bron),
        thema=thema if thema in alle else None,
        status=geldig(form.status),
        zoek=geldig(form.zoek),
    )


@bp.get("")
@login_required
def lijst() -> str:
    aanpakken = eigen_aanpakken()
    form = FilterForm(formdata=request.args)
    f = _filter(form, aanpakken)
    nummer = paginanummer(request.args.get("pagina"))
    grootte = int(current_app.config["PAGINA_GROOTTE"])
    aantallen = queries.aantallen_per_status(current_user, f)
    # the counts per status are of the same filtered signals: their sum is the total
    totaal = aantallen.get(f.status, 0) if f.status else sum(aantallen.values())
    pagina = lijstpagina(queries.gesorteerd(current_user, f), nummer, grootte, totaal=totaal)
    log_actie(
        "signalen.lijst_bekeken",
        object_type="signaal",
        details={k: str(v) for k, v in f.__dict__.items() if v},
    )
    return render_template("signalen/lijst.html", form=form, pagina=pagina, aantallen=aantallen)


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def nieuw() -> str | Response:
    aanpakken = eigen_aanpakken()
    form = SignaalForm()
    form.aanpak.choices = aanpak_keuzes(aanpakken)
    form.thema.choices = thema_keuzes(aanpakken)
    form.wijk.choices = GEEN + keuzes((w, w) for w in wijken())
    if request.method == "GET":
        form.ontvangen_op.data = vandaag()
    nieuw: list[Signaal] = []

    def doe() -> str:
        gegevens = {
            k: v for k, v in form.data.items() if k not in ("csrf_token", "token", "aanpak")
        }
        with log_wijziging("signaal.geregistreerd", object_type="signaal") as log:
            nieuw.append(
                services.registreer_signaal(form.aanpak.data, actor=current_user, **gegevens)
            )
            log.object(object_id=nieuw[0].id)
        return f"Signaal {nieuw[0].ref} is geregistreerd."

    def terug() -> str:
        return (
            url_for("signalen.detail", signaal_id=nieuw[0].id)
            if nieuw
            else url_for("signalen.lijst")
        )

    return verwerk(form, doe, terug) or _opnieuw("signalen/nieuw.html", form)


@bp.get("/<int:signaal_id>")
@login_required
def detail(signaal_id: int) -> str:
    signaal = _laad(signaal_id)
    # a document form just saved: its message in the documents section, not above the page
    meldingen = (
        get_flashed_messages(with_categories=True)
        if request.args.get("sectie") == "documenten"
        else []
    )
    log_actie("signaal.bekeken", casus=signaal.casus, object_type="signaal", object_id=signaal.id)
    return detailpagina(signaal, meldingen=meldingen)


def detailpagina(
    signaal: Signaal,
    *,
    meldingen: list[tuple[str, str]] | None = None,
    documentform: Any = None,
    versieform: Any = None,
) -> str:
    """The signal's page; ``documentform``/``versieform``: a refused form of its
    documents section (casus.documenten.views), shown again filled in."""
    from casus.documenten.views import sectie as documentsectie

    return render_template(
        "signalen/detail.html",
        signaal=signaal,
        verwant=queries.verwante_signalen(current_user, signaal),
        koppelbaar=queries.koppelbare_casussen(current_user, signaal.aanpak),
        koppel_form=KoppelForm(formdata=None),
        afsluit_form=AfsluitForm(formdata=None),
        omzet_form=OmzetForm(formdata=None),
        documenten=documentsectie(
            current_user,
            signaal=signaal,
            documentform=documentform,
            versieform=versieform,
            meldingen=meldingen,
        ),
        meldingen_op_de_plek=bool(meldingen),
        **_labels(),  # also when rendered by another blueprint's view (a refused document)
    )


@bp.post("/<int:signaal_id>/koppelen")
@login_required
def koppelen(signaal_id: int) -> Response:
    signaal, form = _laad(signaal_id), KoppelForm()

    def doe() -> str:
        with log_wijziging(
            "signaal.gekoppeld", casus=signaal.casus, object_type="signaal", object_id=signaal.id
        ) as log:
            casus = queries.casus_voor_koppeling(
                current_user, signaal.aanpak, form.casus_ref.data or ""
            )
            if casus is None:
                raise Ongeldig("Er is geen casus met dit nummer in deze aanpak.", "casus_ref")
            log.object(casus=casus)
            services.koppel(signaal, casus, actor=current_user, verwachte_versie=_versie(form))
        return f"Signaal {signaal.ref} is gekoppeld aan casus {casus.ref}."

    return _afhandelen(signaal, form, doe)


@bp.post("/<int:signaal_id>/afsluiten")
@login_required
def afsluiten(signaal_id: int) -> Response:
    signaal, form = _laad(signaal_id), AfsluitForm()

    def doe() -> str:
        with log_wijziging(
            "signaal.afgesloten", casus=signaal.casus, object_type="signaal", object_id=signaal.id
        ):
            services.sluit_af(
                signaal,
                form.afsluitreden.data or "",
                actor=current_user,
                verwachte_versie=_versie(form),
            )
        return f"Signaal {signaal.ref} is zonder vervolg afgesloten."

    return _afhandelen(signaal, form, doe)


@bp.route("/<int:signaal_id>/omzetten", methods=["GET", "POST"])
@login_required
def omzetten(signaal_id: int) -> str | Response:
    """Turn a signal into an aanmelding in two steps, because it cannot be undone: the
    form (GET, or POST ``stap=controleren``) shows what will happen; its check page
    repeats the data and what follows; only a POST with ``stap=bevestigen`` from that
    page converts. "Gegevens wijzigen" (``wijzigen``) returns to the form, filled in;
    "Annuleren" is a link back: nothing changes."""
    signaal = _laad(signaal_id)
    form = OmzetForm()
    form.wijk.choices = GEEN + keuzes((w, w) for w in wijken())
    definitie = CATALOGUS.get(signaal.aanpak)
    stap = request.form.get("stap", "") if request.method == "POST" else ""
    wijzigen = "wijzigen" in request.form

    def doe() -> str:
        with log_wijziging("signaal.omgezet", object_type="signaal", object_id=signaal.id) as log:
            casus = services.zet_om(
                signaal,
                actor=current_user,
                aangemeld_op=form.aangemeld_op.data,
                persoon=services.nieuwe_persoon(
                    form.voornaam.data,
                    form.tussenvoegsel.data,
                    form.achternaam.data,
                    form.geboortedatum.data,
                ),
                kenmerken=_omzet_kenmerken(signaal, form),
                verwachte_versie=_versie(form),
            )
            log.object(casus=casus)
        return f"Signaal {signaal.ref} is omgezet in aanmelding {casus.ref}."

    bevestigd = stap == "bevestigen" and not wijzigen
    if bevestigd and (antwoord := verwerk(form, doe, _terug_adres(signaal, form))):
        return antwoord
    log_actie("signaal.bekeken", object_type="signaal", object_id=signaal.id)
    if request.method == "GET":
        form.versie.data = str(signaal.versie)
        form.terug.data = request.args.get("terug", "")
        form.wijk.data = signaal.wijk or ""
    context: dict[str, Any] = {
        "signaal": signaal,
        "definitie": definitie,
        "annuleren": _terug_adres(signaal, form),
    }
    if stap == "controleren" and not wijzigen and form.validate() and _kan_omzetten(signaal, form):
        return render_template(
            "signalen/omzetten_bevestigen.html",
            form=form,
            persoon=_omzet_persoon(signaal, form),
            aangemeld_op=form.aangemeld_op.data or vandaag(),
            **context,
        )
    return _opnieuw("signalen/omzetten.html", form, **context)


# -- helpers -----------------------------------------------------------------------


def _omzet_kenmerken(signaal: Signaal, form: OmzetForm) -> dict[str, str | None]:
    definitie = CATALOGUS.get(signaal.aanpak)
    waarden = {"herkomst": form.herkomst.data, "wijk": form.wijk.data}
    return {k: v for k, v in waarden.items() if definitie.kenmerk(k) is not None}


def _kan_omzetten(signaal: Signaal, form: OmzetForm) -> bool:
    """Whether the check page may be shown: every refusal ``zet_om`` would give to the
    data typed in is put next to its field instead."""
    fouten = services.omzetfouten(
        signaal,
        voornaam=form.voornaam.data,
        achternaam=form.achternaam.data,
        geboortedatum=form.geboortedatum.data,
        aangemeld_op=form.aangemeld_op.data,
    )
    for fout in fouten:
        toon_fout(form, fout)
    return not fouten


def _omzet_persoon(signaal: Signaal, form: OmzetForm) -> str | None:
    """Whom the aanmelding will concern, as the check page names them: the person
    typed in, else the one the signal is already linked to, else nobody."""
    naam = " ".join(
        deel.strip()
        for deel in (form.voornaam.data, form.tussenvoegsel.data, form.achternaam.data)
        if deel and deel.strip()
    )
    if naam and form.geboortedatum.data:
        return f"{naam}, geboren {datum(form.geboortedatum.data, True)}"
    if naam:
        return naam
    return signaal.persoon.volledige_naam if signaal.persoon else None


def _versie(form: Any) -> int | None:
    waarde = form.versie.data or ""
    return int(waarde) if waarde.isdigit() else None


def _afhandelen(signaal: Signaal, form: Any, doe: Any) -> Response:
    """A decision from a button row (detail page, overleg): back where it came from."""
    terug = _terug_adres(signaal, form)
    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


def _opnieuw(template: str, form: Any, **context: Any) -> str:
    """The form again, filled in; a refusal that belongs to no field goes above it."""
    for fout in form.form_errors:
        flash(fout, "fout")
    return render_template(template, form=form, **context)


def _terug_adres(signaal: Signaal, form: Any) -> str:
    """Back to the overleg (or list) the form came from, else to the signal; never offsite."""
    terug = form.terug.data or ""
    if terug.startswith("/signalen") and "//" not in terug and "\\" not in terug:
        return str(terug)
    return url_for("signalen.detail", signaal_id=signaal.id)
