public import TurneroCore

/// Every sentence the customer front shows, in Spanish and English.
public enum UIText {
    public static func text(_ key: Key, _ language: Language) -> String {
        let pair = table[key] ?? ("?", "?")
        return language == .spanish ? pair.0 : pair.1
    }

    public enum Key: Hashable, Sendable {
        case welcome, chooseAction, takeTurn, printCoupon, rateAttention, back, otherLanguage
        case chooseService, preferentialQuestion, preferentialWho, yes, no
        case printing, takeYourTicket, yourTurn, peopleAhead, estimatedWait, noEstimate, done
        case outOfService, goToCounter, outOfServicePaper, outOfServiceCover, outOfServicePrinter, outOfServiceSystem
        case needMoreTime, moreTime, resetSoon
        case enterLabel, labelExample, erase, submit, rateQuestion, rateScale, thanks, thanksDetail
        case turnNotFound, notRateable, alreadyRated, issueFailed, tryAgain, notPrinted
        case enterAccount, accountHint, accountNotFound, accountInvalid, checkAccount, tooManyLookups, couponAtCounter
        case couponFailed, couponTitle, couponFull, couponPartial, couponDuplicate, amountDue, dueDate, overdueNote
        case suspendedNote, chooseCoupon, printingCoupon, takeYourCoupon, dataAsOf, billNumber
        case touchHint, keyHint, preferentialMark
        case enterCode, codeHint, tooManyAttempts
        case contactQuestion, contactWhy, contactConsent, contactYes, contactNo, contactEnterPhone, contactPhoneHint
        case contactInvalid, contactThanks
        case lookInTray, ifNothingCameOut, couponUnconfirmed
    }

    private static let table: [Key: (String, String)] = [
        .welcome: ("Bienvenido", "Welcome"),
        .chooseAction: ("¿Qué desea hacer?", "What would you like to do?"),
        .takeTurn: ("Tomar un turno", "Take a turn"),
        .printCoupon: ("Imprimir cupón de pago", "Print a payment coupon"),
        .rateAttention: ("Calificar mi atención", "Rate my service"),
        .back: ("Volver", "Back"),
        .otherLanguage: ("English", "Español"),
        .chooseService: ("Elija el servicio", "Choose the service"),
        .preferentialQuestion: ("¿Atención preferencial?", "Priority service?"),
        .preferentialWho: (
            "Adultos mayores, mujeres embarazadas, personas con discapacidad",
            "Older adults, pregnant women, people with disability"
        ),
        .yes: ("Sí", "Yes"),
        .no: ("No", "No"),
        .printing: ("Imprimiendo su turno…", "Printing your ticket…"),
        .takeYourTicket: ("Recoja su turno", "Take your ticket"),
        .yourTurn: ("Su turno", "Your turn"),
        .peopleAhead: ("Personas antes de usted", "People ahead of you"),
        .estimatedWait: ("Espera estimada", "Estimated wait"),
        .noEstimate: ("Espera estimada: en cálculo", "Estimated wait: being calculated"),
        .done: ("Listo", "Done"),
        .outOfService: ("Fuera de servicio", "Out of service"),
        .goToCounter: ("Por favor diríjase al mostrador", "Please go to the counter"),
        .outOfServicePaper: ("La impresora no tiene papel", "The printer is out of paper"),
        .outOfServiceCover: ("La impresora está abierta", "The printer cover is open"),
        .outOfServicePrinter: ("La impresora no responde", "The printer does not respond"),
        .outOfServiceSystem: ("El sistema no está disponible", "The system is not available"),
        .needMoreTime: ("¿Necesita más tiempo?", "Do you need more time?"),
        .moreTime: ("Sí, continuar", "Yes, continue"),
        .resetSoon: ("La pantalla volverá al inicio", "The screen will go back to the start"),
        .enterLabel: ("Escriba el número de su turno", "Type your ticket number"),
        .labelExample: ("Como aparece en el tiquete, por ejemplo P-027", "As printed on the ticket, e.g. P-027"),
        .erase: ("Borrar", "Delete"),
        .submit: ("Aceptar", "OK"),
        .rateQuestion: ("¿Cómo calificaría la atención?", "How would you rate the service?"),
        .rateScale: ("1 = muy mala   10 = excelente", "1 = very poor   10 = excellent"),
        .thanks: ("¡Gracias!", "Thank you!"),
        .thanksDetail: ("Su opinión nos ayuda a mejorar", "Your opinion helps us improve"),
        .turnNotFound: ("No encontramos ese turno", "We could not find that ticket"),
        .notRateable: ("Ese turno aún no ha sido atendido", "That ticket has not been served yet"),
        .alreadyRated: ("Ese turno ya fue calificado", "That ticket has already been rated"),
        .issueFailed: ("No pudimos imprimir su turno", "We could not print your ticket"),
        .tryAgain: ("Intente de nuevo o diríjase al mostrador", "Try again or go to the counter"),
        .notPrinted: ("quedó registrado, pero el tiquete no se pudo imprimir", "is registered, but the ticket could not be printed"),
        .lookInTray: ("Revise si su tiquete salió por la impresora", "Check whether your ticket came out of the printer"),
        .ifNothingCameOut: ("Si no salió, diríjase al mostrador", "If it did not, please go to the counter"),
        .couponUnconfirmed: ("La impresora no confirmó su cupón", "The printer did not confirm your coupon"),
        .touchHint: ("Toque una opción", "Touch an option"),
        .keyHint: ("o escriba su número y Enter", "or type its number and Enter"),
        .preferentialMark: ("Atención preferencial", "Priority service"),
        .enterAccount: ("Escriba su número de cuenta", "Type your account number"),
        .accountHint: ("Está en su factura, arriba a la derecha", "It is on your bill, top right"),
        .accountNotFound: ("No encontramos una factura para ese número", "We found no bill for that number"),
        .accountInvalid: ("El número de cuenta no es válido", "That account number is not valid"),
        .checkAccount: ("Revise el número en su factura", "Check the number on your bill"),
        .tooManyLookups: ("Demasiadas consultas. Intente de nuevo en un minuto", "Too many lookups. Try again in a minute"),
        .couponAtCounter: ("Esta factura debe gestionarse en el mostrador", "This bill must be handled at the counter"),
        .couponFailed: ("No pudimos imprimir su cupón", "We could not print your coupon"),
        .couponTitle: ("Cupón de pago", "Payment coupon"),
        .couponFull: ("Pago total", "Full payment"),
        .couponPartial: ("Abono", "Partial payment"),
        .couponDuplicate: ("Duplicado de factura", "Bill duplicate"),
        .amountDue: ("Valor a pagar", "Amount due"),
        .dueDate: ("Fecha límite", "Due date"),
        .overdueNote: ("Factura vencida: el cupón vence hoy", "Overdue bill: the coupon is due today"),
        .suspendedNote: ("Servicio suspendido: pague el total para la reconexión", "Service suspended: pay in full to reconnect"),
        .chooseCoupon: ("Elija el cupón", "Choose the coupon"),
        .printingCoupon: ("Imprimiendo su cupón…", "Printing your coupon…"),
        .takeYourCoupon: ("Recoja su cupón y páguelo en un banco o corresponsal", "Take your coupon and pay it at a bank or payment point"),
        .dataAsOf: ("Datos al", "Data as of"),
        .billNumber: ("Factura", "Bill"),
        .enterCode: ("Escriba el código para calificar", "Type the rating code"),
        .codeHint: ("Son 5 números impresos en su tiquete, bajo el código QR", "5 digits printed on your ticket, under the QR code"),
        .tooManyAttempts: ("Demasiados intentos. Pida ayuda en un módulo", "Too many attempts. Please ask at a counter"),
        .contactQuestion: ("¿Podemos llamarle?", "May we call you?"),
        .contactWhy: (
            "Lamentamos que su atención no haya sido buena. Queremos saber qué pasó y ayudarle.",
            "We are sorry your service was not good. We would like to know what happened and help."
        ),
        .contactConsent: (
            "Si acepta, {controller} usará su número solo para llamarle por esta atención, y lo borrará después (Ley 1581 de 2012, Habeas Data). Puede consultar, corregir o pedir que se borre en cualquier momento.",
            "If you agree, {controller} will use your number only to call you about this visit, and will delete it afterwards (Colombian data protection law 1581 of 2012). You may see, correct or have it deleted at any time."
        ),
        .contactYes: ("Sí, pueden llamarme", "Yes, you may call me"),
        .contactNo: ("No, gracias", "No, thank you"),
        .contactEnterPhone: ("Escriba su número de celular o fijo", "Type your mobile or landline number"),
        .contactPhoneHint: ("10 dígitos, por ejemplo 300 123 4567 o 601 234 5678", "10 digits, e.g. 300 123 4567 or 601 234 5678"),
        .contactInvalid: (
            "Ese número no es válido: celular 3xx xxx xxxx o fijo 60x xxx xxxx",
            "That number is not valid: mobile 3xx xxx xxxx or landline 60x xxx xxxx"
        ),
        .contactThanks: ("Le llamaremos pronto", "We will call you soon"),
    ]
}
