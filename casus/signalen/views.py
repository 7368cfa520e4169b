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
from casus.toegang.laden import signaal_of_404
from casus.toegang.policy import heeft_signaalteam, signaal_aanpakken
from casus.werkplek.formulier import verwerk, verwerk_met_melding
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
    nummer = max(1, form.pagina.data or 1) if not form.pagina.errors else 1
    grootte = int(current_app.config["PAGINA_GROOTTE"])
    signalen = queries.pagina(current_user, f, nummer, grootte)
    aantallen = queries.aantallen_per_status(current_user, f)
    log_actie(
        "signalen.lijst_bekeken",
        object_type="signaal",
        details={k: str(v) for k, v in f.__dict__.items() if v},
    )
    return render_template(
        "signalen/lijst.html",
        form=form,
        signalen=signalen,
        aantallen=aantallen,
        nummer=nummer,
        grootte=grootte,
        args=request.args.to_dict(),
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def nieuw() -> str | Response:
    aanpakken = eigen_aanpakken()
    form = SignaalForm()
    form.aanpak.choices = aanpak_keuzes(aanpakken)
    form.thema.choices = thema_keuzes(aanpakken)
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
    log_actie("signaal.bekeken", casus=signaal.casus, object_type="signaal", object_id=signaal.id)
    return render_template(
        "signalen/detail.html",
        signaal=signaal,
        verwant=queries.verwante_signalen(current_user, signaal),
        koppelbaar=queries.koppelbare_casussen(current_user, signaal.aanpak),
        koppel_form=KoppelForm(),
        afsluit_form=AfsluitForm(),
        omzet_form=OmzetForm(),
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
    signaal = _laad(signaal_id)
    form = OmzetForm()
    form.wijk.choices = GEEN + keuzes((w, w) for w in wijken())

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

    if antwoord := verwerk(form, doe, _terug_adres(signaal, form)):
        return antwoord
    log_actie("signaal.bekeken", object_type="signaal", object_id=signaal.id)
    if not form.is_submitted():
        form.versie.data = str(signaal.versie)
        form.terug.data = request.args.get("terug", "")
    return _opnieuw(
        "signalen/omzetten.html", form, signaal=signaal, definitie=CATALOGUS.get(signaal.aanpak)
    )


# -- helpers -----------------------------------------------------------------------


def _omzet_kenmerken(signaal: Signaal, form: OmzetForm) -> dict[str, str | None]:
    definitie = CATALOGUS.get(signaal.aanpak)
    waarden = {"herkomst": form.herkomst.data, "wijk": form.wijk.data}
    return {k: v for k, v in waarden.items() if definitie.kenmerk(k) is not None}


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
